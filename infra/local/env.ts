/** Fixed ports of `npm start`; each can be moved with its variable. */
export const LOCAL_PORTS = {
  dynamodb: { env: 'DYNAMODB_PORT', default: 8000 },
  ses: { env: 'SES_PORT', default: 8005 },
  sqs: { env: 'SQS_PORT', default: 4566 },
} as const;

export function localPort(name: keyof typeof LOCAL_PORTS, env: NodeJS.ProcessEnv = process.env): number {
  const spec = LOCAL_PORTS[name];
  const raw = env[spec.env];
  const port = raw === undefined || raw === '' ? spec.default : Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${spec.env} must be a port number (1-65535), got ${JSON.stringify(raw)}`);
  }
  return port;
}

/**
 * The endpoints of the local emulators, as config variables. The local stack, the CLIs and the tests
 * apply them under whatever the environment already sets, so a CLI talks to the running `npm start`
 * unless PAPERS_INBOX_TARGET=aws.
 */
export function applyLocalEnv(
  env: NodeJS.ProcessEnv = process.env,
  ports = {
    dynamodb: localPort('dynamodb', env),
    ses: localPort('ses', env),
    sqs: localPort('sqs', env),
  },
): void {
  if (env.PAPERS_INBOX_TARGET === 'aws') return;
  env.DYNAMODB_ENDPOINT ??= `http://127.0.0.1:${ports.dynamodb}`;
  env.SES_ENDPOINT ??= `http://127.0.0.1:${ports.ses}`;
  env.SQS_ENDPOINT ??= `http://127.0.0.1:${ports.sqs}`;
  env.AWS_REGION ??= 'us-east-1';
  // Links in emails and pages follow the port the local API listens on (PORT=3100 → :3100).
  env.PUBLIC_BASE_URL ??= `http://127.0.0.1:${env.PORT || 3000}`;
  // fauxqs answers only to the URL it builds itself; the local stack creates this queue at start.
  env.SEND_QUEUE_URL ??= `http://sqs.${env.AWS_REGION}.localhost:${ports.sqs}/000000000000/papers-inbox-send`;
  // Where the local SES event stand-in publishes (SES → SNS → this queue on AWS).
  env.SES_EVENTS_QUEUE_URL ??= `http://sqs.${env.AWS_REGION}.localhost:${ports.sqs}/000000000000/papers-inbox-ses-events`;
}
