import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { Editions } from '../ports';
import { type Edition, editionKindSchema, editionSchema } from '../schemas/edition';

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
      // One Query per kind, newest first, `limit` items each: what a page reads stays the same however
      // many years of editions the table holds (a Scan read them all on every visit to the signup page).
      const pages = await Promise.all(
        editionKindSchema.options.map((kind) =>
          doc.send(
            new QueryCommand({
              TableName,
              IndexName: 'byKind',
              KeyConditionExpression: '#kind = :kind',
              ExpressionAttributeNames: { '#kind': 'kind' },
              ExpressionAttributeValues: { ':kind': kind },
              ScanIndexForward: false,
              Limit: limit,
            }),
          ),
        ),
      );
      const all: Edition[] = [];
      for (const item of pages.flatMap((p) => p.Items ?? [])) {
        const parsed = editionSchema.safeParse(item);
        if (parsed.success) all.push(parsed.data);
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
