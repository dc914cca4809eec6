import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * SES's event publishing, locally. The SES emulator (aws-ses-v2-local) stores what it accepts but
 * publishes no events, so this small HTTP proxy stands in front of it: every request passes through
 * unchanged, and every `SendEmail` the emulator accepted (200 with a MessageId) through a configuration
 * set becomes the event records AWS documents ("Contents of event data that Amazon SES publishes to
 * Amazon SNS"): `Send`, then `Delivery`; for SES's mailbox simulator, `Send` + `Bounce` (Permanent) for
 * bounce@simulator.amazonses.com and `Send` + `Delivery` + `Complaint` for complaint@simulator.amazonses.com.
 * Each record travels as SNS delivers it to the `ses-events` queue (the SNS notification JSON, not raw),
 * so the local poller hands the ses-events handler exactly what Lambda's event source mapping would.
 */

export type SesEventRecord = Record<string, unknown> & { eventType: string };

/** SES v2 SendEmail's request body: only what the events copy. */
interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  ConfigurationSetName?: string;
  EmailTags?: { Name: string; Value: string }[];
  Content?: { Simple?: { Subject?: { Data?: string }; Headers?: { Name: string; Value: string }[] } };
}

const SIMULATOR = /^(bounce|complaint|success|ooto)(\+[^@]*)?@simulator\.amazonses\.com$/i;
const ACCOUNT = '000000000000';

const bareAddress = (from: string) => from.match(/<([^>]+)>/)?.[1] ?? from.trim();

/** The event records SES publishes for one accepted email, in the order SES produces them. */
export function sesEventsFor(body: SendEmailBody, messageId: string, now = new Date()): SesEventRecord[] {
  const to = [
    ...(body.Destination?.ToAddresses ?? []),
    ...(body.Destination?.CcAddresses ?? []),
    ...(body.Destination?.BccAddresses ?? []),
  ];
  const from = body.FromEmailAddress ?? '';
  const source = bareAddress(from);
  const subject = body.Content?.Simple?.Subject?.Data ?? '';
  const tags: Record<string, string[]> = {
    'ses:operation': ['SendEmail'],
    'ses:configuration-set': [body.ConfigurationSetName ?? ''],
    'ses:source-ip': ['127.0.0.1'],
    'ses:from-domain': [source.split('@')[1] ?? ''],
    'ses:caller-identity': ['local'],
  };
  for (const t of body.EmailTags ?? []) tags[t.Name] = [t.Value];
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const mail = {
    timestamp: at(0),
    source,
    sourceArn: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/${source.split('@')[1] ?? source}`,
    sendingAccountId: ACCOUNT,
    messageId,
    destination: to,
    headersTruncated: false,
    headers: [
      { name: 'From', value: from },
      { name: 'To', value: to.join(', ') },
      { name: 'Subject', value: subject },
      ...(body.Content?.Simple?.Headers ?? []).map((h) => ({ name: h.Name, value: h.Value })),
    ],
    commonHeaders: { from: [from], to, messageId, subject },
    tags,
  };
  const events: SesEventRecord[] = [{ eventType: 'Send', mail, send: {} }];
  const reporting = 'a0-0.smtp-out.local.amazonses.com';
  const bounced = to.filter((a) => SIMULATOR.exec(a)?.[1]?.toLowerCase() === 'bounce');
  const delivered = to.filter((a) => !bounced.includes(a));
  if (delivered.length)
    events.push({
      eventType: 'Delivery',
      mail,
      delivery: {
        timestamp: at(500),
        processingTimeMillis: 500,
        recipients: delivered,
        smtpResponse: '250 2.6.0 Message received',
        reportingMTA: reporting,
      },
    });
  if (bounced.length)
    events.push({
      eventType: 'Bounce',
      mail,
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: bounced.map((emailAddress) => ({
          emailAddress,
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
        })),
        timestamp: at(500),
        feedbackId: randomUUID(),
        reportingMTA: `dsn; ${reporting}`,
      },
    });
  const complained = to.filter((a) => SIMULATOR.exec(a)?.[1]?.toLowerCase() === 'complaint');
  if (complained.length)
    events.push({
      eventType: 'Complaint',
      mail,
      complaint: {
        complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
        timestamp: at(1000),
        feedbackId: randomUUID(),
        complaintFeedbackType: 'abuse',
        arrivalDate: at(1000),
      },
    });
  return events;
}

/** One SES record as SNS delivers it to an SQS queue (raw message delivery off). */
export function snsNotification(record: unknown, topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:ses-events`) {
  return {
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: topicArn,
    Message: JSON.stringify(record),
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
    Signature: 'LOCAL',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-local.pem',
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
  };
}

/** SNS → SQS: each record is one SendMessage of its notification to the `ses-events` queue. */
export const sqsPublisher =
  (sqs: () => SQSClient, queueUrl: string) =>
  async (record: SesEventRecord): Promise<void> => {
    await sqs().send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(snsNotification(record)) }),
    );
  };

export interface SesEventStandIn {
  url: string;
  port: number;
  /** Resolves when every event of the emails accepted so far has been published. */
  published(): Promise<void>;
  stop(): Promise<void>;
}

const SEND_EMAIL_PATH = '/v2/email/outbound-emails';

/** Starts the proxy on `port` (0: a free one) in front of the emulator at `upstream`. */
export async function startSesEventStandIn(opts: {
  upstream: string;
  port: number;
  publish(record: SesEventRecord): Promise<void>;
  log?: (line: string) => void;
}): Promise<SesEventStandIn> {
  const log = opts.log ?? (() => {});
  const pending = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      try {
        const headers = Object.fromEntries(
          Object.entries(req.headers).flatMap(([k, v]) =>
            k === 'host' || k === 'connection' || k === 'content-length' || v === undefined
              ? []
              : [[k, Array.isArray(v) ? v.join(', ') : v]],
          ),
        );
        const upstream = await fetch(new URL(req.url ?? '/', opts.upstream), {
          method: req.method,
          headers,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
        });
        const answer = Buffer.from(await upstream.arrayBuffer());
        res.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
        });
        res.end(answer);
        if (req.method === 'POST' && req.url?.split('?')[0] === SEND_EMAIL_PATH && upstream.status === 200) {
          const sent = JSON.parse(body.toString('utf8')) as SendEmailBody;
          const { MessageId } = JSON.parse(answer.toString('utf8')) as { MessageId?: string };
          // SES publishes events only for mail sent through a configuration set.
          if (MessageId && sent.ConfigurationSetName) {
            const job = (async () => {
              for (const record of sesEventsFor(sent, MessageId)) await opts.publish(record);
            })().catch((err) =>
              log(`ses-events stand-in: could not publish for ${MessageId}: ${String(err)}`),
            );
            pending.add(job);
            void job.finally(() => pending.delete(job));
          }
        }
      } catch (err) {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `SES stand-in: upstream failed: ${String(err)}` }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    published: async () => {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    stop: async () => {
      await Promise.allSettled([...pending]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
