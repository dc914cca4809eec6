import { createLogger, type LogSink, readableSink } from '../../functions/adapters/logger';
import { createConfig } from '../../functions/config';
import type { Metrics } from '../../functions/ports';
import { compose, type Root } from '../../functions/roots/compose';
import { upstreamSources } from '../../functions/roots/sources';
import { withLocalDefaults } from './env';

export interface LocalRootOptions {
  /** `service` in every log line. */
  serviceName?: string;
  /** Where log lines go: readable lines on stdout by default (the same Powertools items as on Lambda). */
  sink?: LogSink;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  metrics?: Metrics;
}

/**
 * The composition root of the local stack (`npm start`, and the tests' app): config from `env` with the
 * emulators' endpoints as defaults, then the same adapters and ports as on Lambda.
 */
export function createLocalRoot(env: Record<string, string | undefined>, opts: LocalRootOptions = {}): Root {
  const config = createConfig(withLocalDefaults(env));
  const log = createLogger({
    serviceName: opts.serviceName ?? 'papers-inbox-local',
    logLevel: opts.logLevel,
    sink: opts.sink ?? readableSink(),
  });
  return compose(config, { log, metrics: opts.metrics, sources: upstreamSources });
}
