/** Structured logs (pino) with ID and phone numbers masked wherever they appear. */
import pino, { type Logger } from 'pino';

const ID_NUMBER = /(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)/g;
const MOBILE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

export function maskPersonalData(text: string): string {
  return text.replace(ID_NUMBER, '$1********$3').replace(MOBILE, '$1****$3');
}

function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  }
  return value;
}

export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map(maskDeep) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
