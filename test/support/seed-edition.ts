import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { rankPapers } from '../../functions/core/edition';
import type { Root } from '../../functions/roots/compose';
import { editionIdFor } from '../../functions/schemas/edition';
import type { Paper } from '../../functions/schemas/paper';

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
