import { type DestinationStream, type Level, type Logger, pino } from 'pino';

export type { Logger } from 'pino';
export type LogLevel = Level | 'silent';

/** Keys whose values never reach a log line, at the top level or up to three objects deep (headers, input, …). */
const secretKeys = [
  'authorization',
  'password',
  'token',
  'secret',
  'cookie',
  'set-cookie',
  'accessToken',
  'refreshToken',
  'apiKey',
  'clientSecret',
];
const depths = ['', '*.', '*.*.', '*.*.*.'];
export const redactPaths = secretKeys.flatMap((key) =>
  depths.map((prefix) => (/^\w+$/.test(key) ? `${prefix}${key}` : `${prefix.slice(0, -1)}["${key}"]`)),
);

/**
 * Level: the explicit option, else LOG_LEVEL, else 'silent' under vitest (tests stay quiet unless
 * LOG_LEVEL asks otherwise) and 'info' everywhere else. A bad LOG_LEVEL is caught by env.ts first.
 */
function defaultLevel(): LogLevel {
  const fromEnv = process.env.LOG_LEVEL?.trim();
  if (fromEnv) return fromEnv as LogLevel;
  return process.env.VITEST ? 'silent' : 'info';
}

export interface LoggerOptions {
  name: string;
  level?: LogLevel;
  /** Where lines go; stdout when omitted. Tests pass a memory stream. */
  destination?: DestinationStream;
}

/** One JSON line per event on stdout; the process's collector (CloudWatch, Loki) does the rest. */
export function createLogger({ name, level = defaultLevel(), destination }: LoggerOptions): Logger {
  const options = {
    name,
    level,
    redact: { paths: redactPaths, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

export interface RequestLogFields {
  requestId: string;
  tenantId: string | null;
  subgraph: string;
}

/** The logger a request's code uses: every line carries the request id, the tenant id and the subgraph. */
export function requestLogger(base: Logger, fields: RequestLogFields): Logger {
  return base.child({ requestId: fields.requestId, tenantId: fields.tenantId, subgraph: fields.subgraph });
}
