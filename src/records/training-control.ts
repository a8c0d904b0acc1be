/**
 * How the main thread stops the inbox's training thread without aborting the process. A thread
 * terminated while inside nodejieba's native code (a `cut`) aborts the whole process: the
 * addon's calls fail once the thread is ending, node-addon-api throws a C++ exception it cannot
 * hand to JavaScript, and std::terminate follows ("terminate called after throwing an instance of
 * 'Napi::Error'"). A process's exit terminates its threads the same way. So the stop is
 * cooperative: one shared word, which the main thread sets to STOP and the training thread checks
 * between its steps (trainModel's `shouldStop`); the thread sets SAFE when it will call no native
 * code any more (it saw STOP, or its training is over). Only a SAFE thread is terminated.
 */

/** The thread works, and may be inside native code. */
const RUNNING = 0;
/** Asked to stop: the thread ends at its next check. */
const STOP = 1;
/** The thread calls no native code any more: terminating it is harmless. */
const SAFE = 2;

export type Control = Int32Array;

export const newControl = (): Control => new Int32Array(new SharedArrayBuffer(4));

/** Main thread: asks the thread to stop (a thread already SAFE stays so). */
export function requestStop(c: Control): void {
  Atomics.compareExchange(c, 0, RUNNING, STOP);
}

export const isSafe = (c: Control): boolean => Atomics.load(c, 0) === SAFE;

/** Main thread, synchronously (the process's exit): waits at most `ms` for a thread asked to stop to be SAFE. */
export function waitSafe(c: Control, ms: number): boolean {
  Atomics.wait(c, 0, STOP, ms);
  return Atomics.load(c, 0) !== STOP;
}

/** Training thread: the `shouldStop` it trains with — true (and SAFE from then on) once asked to stop. */
export function stopAsked(c: Control): boolean {
  if (Atomics.load(c, 0) !== STOP) return false;
  markSafe(c);
  return true;
}

/** Training thread: no native code any more (the training is over). */
export function markSafe(c: Control): void {
  Atomics.store(c, 0, SAFE);
  Atomics.notify(c, 0);
}
