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

export function createPaperReader(
  doc: DynamoDBDocumentClient,
  config: { tables: Pick<Config['tables'], 'papers'> },
): Pick<Papers, 'getPapers'> {
  const TableName = config.tables.papers;
  return {
    async getPapers(arxivIds) {
      const unique = [...new Set(arxivIds)];
      const found = new Map<string, Paper>();
      for (const ids of chunk(unique, BATCH)) {
        await untilProcessed(
          ids.map((arxivId): Record<string, unknown> => ({ arxivId })),
          async (keys) => {
            const out: BatchGetCommandOutput = await doc.send(
              new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys } } }),
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
