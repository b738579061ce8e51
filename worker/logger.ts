import fs from 'node:fs';
import path from 'node:path';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The product's logger (pino, JSON lines). `file` sends the logs to a file, which keeps the
 * terminal free for `npm start`'s status line. Credentials never reach a log: the Jakamo
 * client keeps them in a header builder that does not serialise them.
 */
export function createLogger(options: { level: string; file?: string | undefined }): Logger {
  if (options.file === undefined) return pino({ level: options.level }, pino.destination(2));
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  return pino({ level: options.level }, pino.destination({ dest: options.file, sync: false, mkdir: true }));
}

const temporalToPino: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Routes the Temporal SDK's logs (worker, workflow `log`, activity `log`) into pino. */
export function temporalLogger(logger: Logger): TemporalLogger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    logger[temporalToPino[level]](meta ?? {}, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
