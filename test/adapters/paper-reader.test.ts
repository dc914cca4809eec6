import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { rankPapers } from '../../functions/core/edition';
import { storedFeatures } from '../../functions/core/paper-features';
import { startTestApp } from '../support/app';
import { DAY_0612, loadPapers } from '../support/fixtures';
import { hostilePapers } from '../support/hostile-papers';

let app: Awaited<ReturnType<typeof startTestApp>>;
const papers = rankPapers([...loadPapers(DAY_0612), ...hostilePapers()]);

beforeAll(async () => {
  app = await startTestApp();
  for (const p of papers)
    await app.deps.aws.doc.send(new PutCommand({ TableName: app.deps.config.tables.papers, Item: p }));
});
afterAll(() => app.stop());

test('the paper reader batch-gets by arXiv id, in the asked order, leaving out unknown ids', async () => {
  const ids = [papers[3]?.arxivId, '2601.00001', papers[0]?.arxivId] as string[];
  const got = await app.deps.papers.getPapers(ids);
  expect(got.map((p) => p.arxivId)).toEqual([papers[3]?.arxivId, papers[0]?.arxivId]);
  expect(got[1]).toEqual(papers[0]);
});

test('{ features: false } reads every attribute of a paper but its ranking features', async () => {
  const paper = papers[1] as (typeof papers)[number];
  const features = storedFeatures(paper);
  await app.deps.papers.putFeatures(paper.arxivId, features);
  const [full] = await app.deps.papers.getPapers([paper.arxivId]);
  const [lean] = await app.deps.papers.getPapers([paper.arxivId], { features: false });
  expect(full).toEqual({ ...paper, features });
  expect(lean).toEqual(paper);
});
