import type { Config } from '../config';

/**
 * SDK client options from config. With an endpoint set (local stack, CLIs, tests) the clients talk to
 * the emulators with throw-away credentials; without one they use the Lambda role as usual.
 */
export const clientOptions = (config: Config, endpoint: string | undefined) => ({
  region: config.AWS_REGION,
  ...(endpoint
    ? {
        endpoint,
        // The emulators take any key (DynamoDB Local runs with -sharedDb), so none is read from the environment.
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }
    : {}),
});
