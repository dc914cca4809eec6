import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { Editions } from '../ports';
import { type Edition, editionSchema } from '../schemas/edition';

/** The `editions` port (functions/ports.ts) on the editions table. */
export function createEditionStore(doc: DynamoDBDocumentClient, config: Pick<Config, 'tables'>): Editions {
  const TableName = config.tables.editions;
  return {
    async putEdition(edition) {
      await doc.send(new PutCommand({ TableName, Item: editionSchema.parse(edition) }));
    },
    async getEdition(editionId) {
      const out = await doc.send(new GetCommand({ TableName, Key: { editionId } }));
      return out.Item ? editionSchema.parse(out.Item) : undefined;
    },
    async listEditions(limit) {
      // One small item per day (plus one a week): a Scan reads a few hundred items a year. Should the
      // table grow past that, a GSI on a constant partition key sorted by date would replace it.
      const all: Edition[] = [];
      for await (const page of paginateScan({ client: doc }, { TableName })) {
        for (const item of page.Items ?? []) {
          const parsed = editionSchema.safeParse(item);
          if (parsed.success) all.push(parsed.data);
        }
      }
      // Newest first, daily before weekly on a day. Plain `<`, not localeCompare: the first collation
      // of a process starts ICU (~10 ms on a cold `GET /`), and the kinds are two ASCII words.
      return all
        .sort((a, b) =>
          a.date === b.date ? (a.kind === b.kind ? 0 : a.kind < b.kind ? -1 : 1) : a.date < b.date ? 1 : -1,
        )
        .slice(0, limit);
    },
  };
}
