import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths pino removes from every log line: secrets, tokens, and customers' phone numbers. */
const REDACT = [
  'secret',
  'corpSecret',
  'token',
  'accessToken',
  'access_token',
  'encodingAesKey',
  'ticket',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'mobile',
  'remark_mobiles',
  'remarkMobiles',
  '*.secret',
  '*.token',
  '*.access_token',
  '*.mobile',
  '*.remark_mobiles',
  '*.remarkMobiles',
];

export interface LoggerOptions {
  level: string;
  pretty: boolean;
}

/** One root logger per process; request and job loggers are children of it. */
export function createLogger({ level, pretty }: LoggerOptions): Logger {
  return pino({
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    transport: pretty ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
  });
}
