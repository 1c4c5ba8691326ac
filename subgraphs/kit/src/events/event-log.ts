/** The slice of a pino logger the event runtime uses; pino's Logger fits it as it is. */
export interface EventLog {
  debug(details: object, message?: string): void;
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

const ignore = () => {};

export const silentEventLog: EventLog = { debug: ignore, info: ignore, warn: ignore, error: ignore };
