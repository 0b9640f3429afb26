import { type Logger as PinoLogger, type LevelWithSilent, pino } from "pino";

export type Logger = PinoLogger;

/** JSON logs on stdout, one object per line; request logs come from Fastify with the same logger. */
export function createLogger(level: LevelWithSilent): Logger {
  return pino({
    level,
    base: { service: "caredesk" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", "password", "*.password"], remove: true },
  });
}
