import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { chunk } from '../lib/chunk';
import type { Papers } from '../ports';
import { type Paper, paperSchema } from '../schemas/paper';
import { untilProcessed } from './dynamodb';

/** `papers.getPapers` (functions/ports.ts): stored papers by arXiv id, with BatchGetItem. */
const BATCH = 100; // BatchGetItem's limit per call
const MAX_ATTEMPTS = 8;

/** Every attribute of a paper but its ranking features, from the schema (names go through placeholders: some are reserved words). */
const WITHOUT_FEATURES = Object.keys(paperSchema.shape).filter((name) => name !== 'features');
const withoutFeatures = {
  ProjectionExpression: WITHOUT_FEATURES.map((_, i) => `#a${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(WITHOUT_FEATURES.map((name, i) => [`#a${i}`, name])),
};

export function createPaperReader(
  doc: DynamoDBDocumentClient,
  config: { tables: Pick<Config['tables'], 'papers'> },
): Pick<Papers, 'getPapers'> {
  const TableName = config.tables.papers;
  return {
    async getPapers(arxivIds, opts = {}) {
      const projection = opts.features === false ? withoutFeatures : {};
      const unique = [...new Set(arxivIds)];
      const found = new Map<string, Paper>();
      for (const ids of chunk(unique, BATCH)) {
        await untilProcessed(
          ids.map((arxivId): Record<string, unknown> => ({ arxivId })),
          async (keys) => {
            const out: BatchGetCommandOutput = await doc.send(
              new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys, ...projection } } }),
            );
            for (const item of out.Responses?.[TableName] ?? []) {
              const parsed = paperSchema.safeParse(item);
              if (parsed.success) found.set(parsed.data.arxivId, parsed.data);
            }
            return out.UnprocessedKeys?.[TableName]?.Keys;
          },
          { failure: 'the papers table left keys unprocessed', attempts: MAX_ATTEMPTS, startingDelayMs: 40 },
        );
      }
      return arxivIds.flatMap((id) => {
        const p = found.get(id);
        return p ? [p] : [];
      });
    },
  };
}
