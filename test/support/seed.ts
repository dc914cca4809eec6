/** Test data written straight into this file's tables and queue, as ingest, the lifecycle and the planner would leave it. */
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { slotShardOf } from '../../functions/core/delivery-slot';
import { rankPapers } from '../../functions/core/edition';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import type { Root } from '../../functions/roots/compose';
import { editionIdFor } from '../../functions/schemas/edition';
import { type Paper, paperSchema } from '../../functions/schemas/paper';
import { type Subscriber, subscriberSchema } from '../../functions/schemas/subscriber';
import { localQueueUrl } from '../../infra/local/send-queue';

/** A send queue of this test file's own in the shared SQS emulator. */
export function testQueueUrl(): string {
  const port = Number(new URL(process.env.SQS_ENDPOINT as string).port);
  return localQueueUrl('us-east-1', port, `t${randomBytes(4).toString('hex')}-send`);
}

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

/** A confirmed daily reader of every topic, as the lifecycle leaves one (not stored): `over` changes it. */
export function aSubscriber(
  over: Partial<Subscriber> & Pick<Subscriber, 'id' | 'email'>,
  now = '2026-01-01T00:00:00.000Z',
): Subscriber {
  return {
    status: 'active',
    topics: [],
    frequency: 'daily',
    tokenVersion: 0,
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

/** A reader written straight into the subscribers table, as the lifecycle would leave it. */
export async function putSubscriber(
  deps: Root,
  email: string,
  over: Partial<Subscriber> = {},
): Promise<Subscriber> {
  const item = subscriberSchema.encode(
    aSubscriber({ id: subscriberIdFor(email), email, ...over }, new Date().toISOString()),
  );
  await deps.aws.doc.send(new PutCommand({ TableName: deps.config.tables.subscribers, Item: item }));
  return subscriberSchema.parse(item);
}

/** Whether the subscribers table's `bySlot` GSI files this reader (under any slot, past or future). */
export async function inSlotIndex(deps: Root, id: string): Promise<boolean> {
  for await (const page of deps.subscribers.dueInShard(slotShardOf(id), '9999-12-31T23:59:59.999Z'))
    if (page.some((r) => r.id === id)) return true;
  return false;
}

/** Stores recorded papers and a daily edition of them (ranked as the digest ranks), as ingest and digest would. */
export async function seedDailyEdition(deps: Root, papers: Paper[], date: string): Promise<string[]> {
  for (let i = 0; i < papers.length; i += 25) {
    const batch = papers.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    await deps.aws.doc.send(new BatchWriteCommand({ RequestItems: { [deps.config.tables.papers]: batch } }));
  }
  const paperIds = rankPapers(papers).map((p) => p.arxivId);
  await deps.editions.putEdition({
    editionId: editionIdFor('daily', date),
    kind: 'daily',
    date,
    paperIds,
    createdAt: new Date().toISOString(),
  });
  return paperIds;
}
