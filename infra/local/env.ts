/** Fixed ports of `npm start`; each can be moved with its variable. */
export const LOCAL_PORTS = {
  dynamodb: { env: 'DYNAMODB_PORT', default: 8000 },
  ses: { env: 'SES_PORT', default: 8005 },
  sqs: { env: 'SQS_PORT', default: 4566 },
} as const;

export function localPort(name: keyof typeof LOCAL_PORTS, env: Record<string, string | undefined>): number {
  const spec = LOCAL_PORTS[name];
  const raw = env[spec.env];
  const port = raw === undefined || raw === '' ? spec.default : Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${spec.env} must be a port number (1-65535), got ${JSON.stringify(raw)}`);
  }
  return port;
}

/**
 * The endpoints of the local emulators, as config variables, under whatever `env` already sets (a new
 * object: `env` is not changed). The local stack, the CLIs and the tests build their config from it,
 * so a CLI talks to the running `npm start` unless PAPERS_INBOX_TARGET=aws.
 */
export function withLocalDefaults(
  env: Record<string, string | undefined>,
  ports = {
    dynamodb: localPort('dynamodb', env),
    ses: localPort('ses', env),
    sqs: localPort('sqs', env),
  },
): Record<string, string | undefined> {
  if (env.PAPERS_INBOX_TARGET === 'aws') return { ...env };
  const region = env.AWS_REGION ?? 'us-east-1';
  return {
    ...env,
    DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${ports.dynamodb}`,
    SES_ENDPOINT: env.SES_ENDPOINT ?? `http://127.0.0.1:${ports.ses}`,
    SQS_ENDPOINT: env.SQS_ENDPOINT ?? `http://127.0.0.1:${ports.sqs}`,
    AWS_REGION: region,
    // Links in emails and pages follow the port the local API listens on (PORT=3100 → :3100).
    PUBLIC_BASE_URL: env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${env.PORT || 3000}`,
    // fauxqs answers only to the URL it builds itself; the local stack creates this queue at start.
    SEND_QUEUE_URL:
      env.SEND_QUEUE_URL ?? `http://sqs.${region}.localhost:${ports.sqs}/000000000000/papers-inbox-send`,
    // Where the local SES event stand-in publishes (SES → SNS → this queue on AWS).
    SES_EVENTS_QUEUE_URL:
      env.SES_EVENTS_QUEUE_URL ??
      `http://sqs.${region}.localhost:${ports.sqs}/000000000000/papers-inbox-ses-events`,
  };
}
