import pino from 'pino';

export type Logger = pino.Logger;

/** The pino root logger. Client fields are redacted wherever they appear in a log object. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'wayfinder' },
    redact: {
      paths: ['*.client', 'client', '*.password', 'password', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}
