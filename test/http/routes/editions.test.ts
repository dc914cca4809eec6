import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { rankPapers } from '../../../functions/core/edition';
import type { Edition } from '../../../functions/schemas/edition';
import { startTestApp } from '../../support/app';
import { DAY_0612, loadPapers } from '../../support/fixtures';
import { hostilePapers } from '../../support/hostile-papers';

let app: Awaited<ReturnType<typeof startTestApp>>;
const papers = rankPapers([...loadPapers(DAY_0612), ...hostilePapers()]);
const daily: Edition = {
  editionId: 'daily#2026-06-12',
  kind: 'daily',
  date: '2026-06-12',
  paperIds: papers.map((p) => p.arxivId),
  createdAt: '2026-06-12T06:30:00.000Z',
};
const weekly: Edition = {
  editionId: 'weekly#2026-06-15',
  kind: 'weekly',
  date: '2026-06-15',
  paperIds: papers.slice(0, 5).map((p) => p.arxivId),
  createdAt: '2026-06-15T06:30:00.000Z',
};

beforeAll(async () => {
  app = await startTestApp();
  const { deps } = app;
  for (const p of papers)
    await deps.aws.doc.send(new PutCommand({ TableName: deps.config.tables.papers, Item: p }));
  await deps.editionStore.putEdition(daily);
  await deps.editionStore.putEdition(weekly);
  await deps.editionStore.putEdition({
    ...daily,
    editionId: 'daily#2026-06-11',
    date: '2026-06-11',
    paperIds: [],
  });
});
afterAll(() => app.stop());

test('GET /editions/:date shows the edition, ranked and escaped, with no reader data', async () => {
  const res = await fetch(`${app.url}/editions/2026-06-12`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  const body = await res.text();
  expect(body).toContain('Daily digest · Friday, 12 June 2026');
  expect(body).toContain(`${papers.length} papers`);
  const positions = papers.slice(0, 5).map((p) => body.indexOf(`https://huggingface.co/papers/${p.arxivId}`));
  expect(positions.every((p) => p > 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  expect(body).not.toMatch(/<script/);
  expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  expect(body).not.toMatch(/javascript:|data:text/);
  expect(body).not.toMatch(/token=|\/unsubscribe|\/preferences/i);
});

test('a weekly edition is addressed with ?kind=weekly', async () => {
  const res = await fetch(`${app.url}/editions/2026-06-15?kind=weekly`);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('Weekly digest · 8 Jun 2026 – 14 Jun 2026');
});

test('bad dates and kinds are 400 pages with a reason; a missing edition is a 404 page', async () => {
  for (const path of [
    '/editions/2026-13-45',
    '/editions/yesterday',
    '/editions/2026-06-12x',
    '/editions/2026-06-12?kind=hourly',
  ]) {
    const res = await fetch(`${app.url}${path}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/YYYY-MM-DD|daily or weekly/);
  }
  const missing = await fetch(`${app.url}/editions/2026-06-13`);
  expect(missing.status).toBe(404);
  expect(await missing.text()).toContain('There is no daily edition for 2026-06-13.');
});

test('GET /editions lists the editions with links to them', async () => {
  const res = await fetch(`${app.url}/editions`);
  expect(res.status).toBe(200);
  const body = await res.text();
  expect(body).toContain('href="/editions/2026-06-12"');
  expect(body).toContain('href="/editions/2026-06-15?kind=weekly"');
  expect(body).toContain('href="/editions/2026-06-11"');
  expect(body.indexOf('2026-06-15')).toBeLessThan(body.indexOf('2026-06-12'));
});

test('GET /editions.atom is an Atom feed of the editions, escaped', async () => {
  const res = await fetch(`${app.url}/editions.atom`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const xml = await res.text();
  expect(
    xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'),
  ).toBe(true);
  expect(xml.match(/<entry>/g)).toHaveLength(3);
  expect(xml).toContain(`<id>${app.url}/editions/2026-06-12</id>`);
  expect(xml).toContain(`href="${app.url}/editions/2026-06-15?kind=weekly"`);
  expect(xml).toContain('<updated>2026-06-15T06:30:00.000Z</updated>');
  expect(xml).toContain(`${daily.paperIds.length} papers, led by ${papers[0]?.title}`);
  // Titles sit HTML-escaped inside an escaped type="html" content: no raw markup anywhere.
  expect(xml).not.toMatch(/<script|<li>|<ol>/);
  expect(xml).toContain('&lt;ol&gt;&lt;li&gt;');
  // Well-formed, and a parser reads back the real titles, including the hostile one.
  expect(XMLValidator.validate(xml)).toBe(true);
  const feed = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: true }).parse(
    xml,
  ).feed;
  expect(feed.entry).toHaveLength(3);
  const content = String(feed.entry[1].content['#text']);
  expect(content).toContain('<li>EvoArena: Tracking Memory Evolution');
  expect(feed.entry[1].title).toBe('Daily digest · Friday, 12 June 2026');
});
