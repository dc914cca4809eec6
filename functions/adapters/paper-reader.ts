import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { chunk } from '../lib/chunk';
import { type Paper, paperSchema } from '../schemas/paper';
import { untilProcessed } from './dynamodb';

/**
 * Reads stored papers by arXiv id (the papers table is written by the ingest's paper store, which also
 * answers `papersOfDay`).
 */
export interface PaperReader {
  /** The papers that exist, in the order of `arxivIds`; unknown or unreadable items are left out. */
  getPapers(arxivIds: string[]): Promise<Paper[]>;
}

const BATCH = 100; // BatchGetItem's limit per call
const MAX_ATTEMPTS = 8;

export function createPaperReader(doc: DynamoDBDocumentClient, config: Pick<Config, 'tables'>): PaperReader {
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
