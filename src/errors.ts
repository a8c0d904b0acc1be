/** Where in a content file a problem sits: 1-based line and column, as editors count them. */
export interface ContentPosition {
  line: number;
  column: number;
}

/** A path inside a YAML file: `answers.3.text`, or segments when a key holds dots (prompt ids). */
export type ContentPath = string | ReadonlyArray<string | number>;

function segmentsOf(path: ContentPath): Array<string | number> {
  if (typeof path !== 'string') return [...path];
  return path ? path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [];
}

/**
 * A content problem an editor can act on: `file:line:column: problem (at path)`. The position is
 * filled in by the loader from the YAML source (the `yaml` package's node ranges); the path stays
 * for tools and for problems in files that are not YAML.
 */
export class ContentError extends Error {
  readonly path: string;
  readonly segments: ReadonlyArray<string | number>;

  constructor(readonly file: string, path: ContentPath, readonly problem: string, readonly position?: ContentPosition) {
    const segments = segmentsOf(path);
    const where = position ? `${file}:${position.line}:${position.column}` : file;
    super(`${where}: ${problem}${segments.length ? `（位置：${segments.join('.')}）` : ''}`);
    this.name = 'ContentError';
    this.path = segments.join('.');
    this.segments = segments;
  }

  get line(): number | undefined {
    return this.position?.line;
  }

  get column(): number | undefined {
    return this.position?.column;
  }

  /** `file:line:column` (or the file alone), for naming a second place in a message. */
  get where(): string {
    return this.position ? `${this.file}:${this.position.line}:${this.position.column}` : this.file;
  }

  /** The same problem, placed. */
  at(position: ContentPosition | undefined): ContentError {
    return position ? new ContentError(this.file, this.segments, this.problem, position) : this;
  }
}

/**
 * Every problem found in the content at once, so an editor fixes them in one pass. It is a
 * ContentError itself (the first problem's file and position) so that start-up code that stops on
 * a ContentError keeps working; `problems` holds them all and the message lists them one a line.
 */
export class ContentErrors extends ContentError {
  constructor(readonly problems: readonly ContentError[]) {
    const first = problems[0];
    if (!first) throw new Error('ContentErrors needs at least one problem');
    super(first.file, first.segments, first.problem, first.position);
    this.name = 'ContentErrors';
    this.message = `内容有${problems.length}处问题：\n${problems.map((p) => p.message).join('\n')}`;
  }
}

export class ConfigError extends Error {
  constructor(readonly variable: string, readonly problem: string) {
    super(`configuration ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export class ChannelError extends Error {
  constructor(readonly channel: string, message: string, readonly status = 400) {
    super(`${channel}: ${message}`);
    this.name = 'ChannelError';
  }
}

/** Raised when the session store cannot be reached; the turn goes on without memory. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`session store unavailable: ${(cause as Error)?.message ?? cause}`);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A turn that failed while loading or saving its session, understanding, deciding or rendering.
 * The turn's error boundary (src/core/assistant.ts) logs it once and answers with one polite
 * reply; its message names only the step, never the person's words; the error stays in `cause`.
 */
export class TurnError extends Error {
  constructor(readonly step: 'store' | 'understand' | 'decide' | 'render', cause: unknown) {
    super(`turn failed at the ${step} step`, { cause });
    this.name = 'TurnError';
  }

  /** The class of the underlying error (what the log may say of it). */
  get causeName(): string {
    return this.cause instanceof Error ? this.cause.name : typeof this.cause;
  }
}
