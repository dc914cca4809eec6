import type { Context } from 'aws-lambda';
import { createDynamoClients } from '../adapters/dynamo-clients';
import { createLogger } from '../adapters/logger';
import { createConfig } from '../config';
import type { Ports } from '../ports';
import { type ComposeOptions, composePorts } from './compose-ports';
import {
  lazyDeliveries,
  lazyEmailRenderer,
  lazyMailer,
  lazySendQueue,
  lazySubscribers,
  lazyThrottles,
} from './lazy-adapters';

/**
 * The composition root of a Lambda process: config from the function's environment (the one place a
 * Lambda hands `process.env` to `createConfig`), the adapters, and a Powertools logger that writes JSON
 * lines with the invocation's context. Built on the first invocation and kept for the warm ones.
 * The SES, SQS and email adapters and the stores GET / never reads load on first use (`lazy-adapters.ts`), so a cold start parses only what
 * its first request needs.
 */
let root: { root: Ports; logger: ReturnType<typeof createLogger> } | undefined;

function lambdaRoot(opts: LambdaOptions) {
  if (!root) {
    const env = process.env;
    const logger = createLogger({ serviceName: env.AWS_LAMBDA_FUNCTION_NAME ?? 'papers-inbox' });
    const config = createConfig(env);
    const { doc } = createDynamoClients(config);
    const adapters = {
      doc,
      mailer: lazyMailer(config),
      sendQueue: lazySendQueue(config),
      emailRenderer: lazyEmailRenderer(config),
      subscribers: lazySubscribers(doc, config),
      deliveries: lazyDeliveries(doc, config),
      throttles: lazyThrottles(doc, config),
    };
    root = { root: composePorts(config, adapters, { log: logger, sources: opts.sources }), logger };
  }
  return root;
}

/** What one function adds to the shared root: the ingest function wires the upstream sources. */
export interface LambdaOptions {
  sources?: ComposeOptions['sources'];
}

/**
 * A Lambda entry point from a handler factory: `export const handler = onLambda(createXHandler)`.
 * The factory runs once per process with the root; each invocation adds its context to the log lines.
 */
export function onLambda<E, R, C extends Partial<Context> = Context>(
  make: (root: Ports) => (event: E, context?: C) => Promise<R>,
  opts: LambdaOptions = {},
): (event: E, context?: C) => Promise<R> {
  let handle: ((event: E, context?: C) => Promise<R>) | undefined;
  return async (event, context) => {
    const { root, logger } = lambdaRoot(opts);
    // A real invocation's context names the function, request id and cold start in every line.
    if (context?.awsRequestId) logger.addContext(context as Context);
    handle ??= make(root);
    return handle(event, context);
  };
}
