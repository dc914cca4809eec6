import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { Papers } from '../ports';
import { type Paper, paperSchema } from '../schemas/paper';

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
      for (let i = 0; i < unique.length; i += BATCH) {
        let keys: Record<string, unknown>[] | undefined = unique
          .slice(i, i + BATCH)
          .map((arxivId) => ({ arxivId }));
        // DynamoDB may answer part of a batch (UnprocessedKeys) under load: ask again for the rest.
        for (let attempt = 0; keys && keys.length > 0; attempt++) {
          if (attempt >= MAX_ATTEMPTS) throw new Error(`papers table left ${keys.length} keys unprocessed`);
          if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
          const out: BatchGetCommandOutput = await doc.send(
            new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys } } }),
          );
          for (const item of out.Responses?.[TableName] ?? []) {
            const parsed = paperSchema.safeParse(item);
            if (parsed.success) found.set(parsed.data.arxivId, parsed.data);
          }
          keys = out.UnprocessedKeys?.[TableName]?.Keys;
        }
      }
      return arxivIds.flatMap((id) => {
        const p = found.get(id);
        return p ? [p] : [];
      });
    },
  };
}
