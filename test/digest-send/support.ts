import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import type { Root } from '../../functions/roots/compose';
import { type Paper, paperSchema } from '../../functions/schemas/paper';
import { type Subscriber, subscriberSchema } from '../../functions/schemas/subscriber';
import { localQueueUrl } from '../../infra/local/send-queue';

/** A send queue of this test file's own in the shared SQS emulator. */
export function testQueueUrl(): string {
  const port = Number(new URL(process.env.SQS_ENDPOINT as string).port);
  return localQueueUrl('us-east-1', port, `t${randomBytes(4).toString('hex')}-send`);
}

export const uniqueEmail = (tag: string) => `${tag}-${randomBytes(5).toString('hex')}@example.com`;

let arxivSeq = 10000;
export function makePaper(dailyDate: string, over: Partial<Paper> = {}): Paper {
  const now = new Date().toISOString();
  return paperSchema.parse({
    arxivId: `2607.${arxivSeq++}`,
    title: 'A paper',
    abstract: 'An abstract.',
    authors: ['Ada Lovelace', 'Alan Turing'],
    publishedDate: dailyDate,
    dailyDate,
    upvotes: 1,
    comments: 0,
    sources: ['huggingface'],
    firstSeenAt: now,
    lastUpdatedAt: now,
    ...over,
  });
}

export async function putPapers(deps: Root, papers: Paper[]) {
  for (const Item of papers)
    await deps.aws.doc.send(new PutCommand({ TableName: deps.config.tables.papers, Item }));
}

/** A reader written straight into the subscribers table, as the lifecycle would leave it. */
export async function putSubscriber(
  deps: Root,
  email: string,
  over: Partial<Subscriber> = {},
): Promise<Subscriber> {
  const now = new Date().toISOString();
  const s = subscriberSchema.parse({
    id: subscriberIdFor(email),
    email,
    status: 'active',
    topics: [],
    frequency: 'daily',
    tokenVersion: 0,
    createdAt: now,
    updatedAt: now,
    ...over,
  });
  await deps.aws.doc.send(new PutCommand({ TableName: deps.config.tables.subscribers, Item: s }));
  return s;
}
