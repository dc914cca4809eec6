import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import type { Log } from '../ports';

export type { Logger };

/** Where a log line goes instead of stdout: the local stack's console, a test's array. */
export type LogSink = (line: string, level: string) => void;

/**
 * Powertools Logger with its output handed to a sink: Powertools builds the log item (level, message,
 * timestamp, service, the Lambda context, extra keys), the sink decides where the line is written.
 * `printLog` is the documented extension point for that (protected, meant to be overridden).
 */
class SinkLogger extends Logger {
  constructor(
    options: ConstructorParameters<typeof Logger>[0],
    private readonly sink: LogSink,
  ) {
    super(options);
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const attributes = log.getAttributes();
    this.sink(JSON.stringify(attributes), String(attributes.level ?? logLevel));
  }
}

export interface LoggerOptions {
  /** Shown as `service` in every line: the function or process (api, sender, cli, local…). */
  serviceName: string;
  /** DEBUG, INFO, WARN, ERROR, SILENT. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Omitted on Lambda: Powertools writes JSON lines to stdout/stderr for CloudWatch. */
  sink?: LogSink;
}

/** The `log` port: every log line of every process is a Powertools log item. */
export function createLogger(opts: LoggerOptions): Logger & Log {
  const options = { serviceName: opts.serviceName, logLevel: opts.logLevel ?? 'INFO' };
  return opts.sink ? new SinkLogger(options, opts.sink) : new Logger(options);
}

/**
 * A readable line for a terminal (the local stack, the CLIs): `12:00:01 INFO  message {extra keys}`.
 * The same Powertools item as on Lambda, with the keys a person does not need left out.
 */
export const readableSink =
  (write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): LogSink =>
  (line) => {
    const { level, message, timestamp, service: _s, sampling_rate: _r, ...rest } = JSON.parse(line);
    const time = typeof timestamp === 'string' ? timestamp.slice(11, 19) : '';
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    write(`${time} ${String(level).padEnd(5)} ${message}${extra}`);
  };
