import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CONTENT_FIELDS, writesOver } from '../core/merge-papers';
import { pool } from '../lib/pool';
import type { Papers, UpsertResult } from '../ports';
import { type Paper, paperSchema } from '../schemas/paper';
import { isConditionFailed } from './dynamodb';
import { createPaperReader } from './paper-reader';

type Item = Record<string, unknown>;

/** Items are stored exactly in `Paper`'s shape (`sources` a sorted list), so any reader can parse them. */
const fromItem = (item: Item): Paper => paperSchema.parse(item);

const sourcesOf = (item: Item | undefined): string[] => (Array.isArray(item?.sources) ? item.sources : []);

/**
 * One conditional UpdateItem per paper (see ARCHITECTURE.md, "Ingest write strategy"): the write is
 * its own read-modify-write, so two runs (or the two sources) can never duplicate a paper, drop the
 * first-seen time or lose each other's fields, and no read precedes it.
 */
export function updateInput(table: string, paper: Paper) {
  const names: Record<string, string> = { '#firstSeenAt': 'firstSeenAt', '#lastUpdatedAt': 'lastUpdatedAt' };
  const values: Record<string, unknown> = {
    ':firstSeenAt': paper.firstSeenAt,
    ':lastUpdatedAt': paper.lastUpdatedAt,
    ':sources': [...paper.sources].sort(),
  };
  const sets = [
    '#firstSeenAt = if_not_exists(#firstSeenAt, :firstSeenAt)',
    '#lastUpdatedAt = :lastUpdatedAt',
  ];
  for (const field of CONTENT_FIELDS) {
    const value = paper[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(
      writesOver(field, paper.sources)
        ? `#${field} = :${field}`
        : `#${field} = if_not_exists(#${field}, :${field})`,
    );
  }
  return {
    TableName: table,
    Key: { arxivId: paper.arxivId },
    // A new item takes this paper's sources; an existing one's list is widened below when needed.
    UpdateExpression: `SET ${sets.join(', ')}, #sources = if_not_exists(#sources, :sources)`,
    ExpressionAttributeNames: { ...names, '#sources': 'sources' },
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_OLD' as const,
  };
}

function changed(old: Item, paper: Paper): boolean {
  if (paper.sources.some((s) => !sourcesOf(old).includes(s))) return true;
  return CONTENT_FIELDS.some((field) => {
    const value = paper[field];
    if (value === undefined) return false;
    if (old[field] !== undefined && !writesOver(field, paper.sources)) return false;
    return JSON.stringify(old[field]) !== JSON.stringify(value);
  });
}

export function createPaperStore(
  doc: DynamoDBDocumentClient,
  table: string,
  opts: { concurrency: number } = { concurrency: 8 },
): Papers {
  const reader = createPaperReader(doc, { tables: { papers: table } });
  /**
   * The first time a paper is seen from a second source: one more write, conditional on the list it
   * replaces (optimistic), re-read and retried if another run changed it meanwhile. Rare by nature.
   */
  const widenSources = async (paper: Paper, old: Item) => {
    let current = sourcesOf(old);
    for (let attempt = 0; attempt < 5; attempt++) {
      const union = [...new Set([...current, ...paper.sources])].sort();
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { arxivId: paper.arxivId },
            UpdateExpression: 'SET #sources = :union',
            ConditionExpression: '#sources = :current',
            ExpressionAttributeNames: { '#sources': 'sources' },
            ExpressionAttributeValues: { ':union': union, ':current': current },
          }),
        );
        return;
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
        const now = await doc.send(
          new GetCommand({ TableName: table, Key: { arxivId: paper.arxivId }, ConsistentRead: true }),
        );
        current = sourcesOf(now.Item);
        if (paper.sources.every((s) => current.includes(s))) return;
      }
    }
    throw new Error(`papers: could not add sources to ${paper.arxivId} (concurrent writers)`);
  };
  return {
    async upsert(papers) {
      const result: UpsertResult = { storedNew: [], updated: [], unchanged: [] };
      await pool(papers, opts.concurrency, async (paper) => {
        const out = await doc.send(new UpdateCommand(updateInput(table, paper)));
        const old = out.Attributes;
        if (old && paper.sources.some((s) => !sourcesOf(old).includes(s))) await widenSources(paper, old);
        if (!old) result.storedNew.push(paper.arxivId);
        else if (changed(old, paper)) result.updated.push(paper.arxivId);
        else result.unchanged.push(paper.arxivId);
      });
      return result;
    },
    async papersOfDay(date) {
      const papers: Paper[] = [];
      let start: Item | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byDailyDate',
            KeyConditionExpression: 'dailyDate = :d',
            ExpressionAttributeValues: { ':d': date },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) papers.push(fromItem(item));
        start = page.LastEvaluatedKey;
      } while (start);
      return papers;
    },
    async get(arxivId) {
      const out = await doc.send(new GetCommand({ TableName: table, Key: { arxivId } }));
      return out.Item ? fromItem(out.Item) : undefined;
    },
    getPapers: (arxivIds, opts) => reader.getPapers(arxivIds, opts),
    async putFeatures(arxivId, features) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { arxivId },
            UpdateExpression: 'SET #features = :features',
            ConditionExpression: 'attribute_exists(arxivId)',
            ExpressionAttributeNames: { '#features': 'features' },
            ExpressionAttributeValues: { ':features': features },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailed(err)) return false;
        throw err;
      }
    },
  };
}
