import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { assembleDigest, type PreparedEdition, type ReaderLinks } from '../functions/core/digest-render';
import { rankPapers } from '../functions/core/edition';
import type { QueryToken } from '../functions/core/links';
import { type EditionRanking, prepareRanking, selectForReader } from '../functions/core/selection';
import { TOPIC_KEYWORDS } from '../functions/core/topics';
import { allRecordedPapers } from '../test/support/fixtures';
import { seededRandom } from '../test/support/random';
import { learnedStates } from './support/learned-readers';
import { hundredPaperEdition } from './support/recorded-days';

/**
 * Child process of render.bench.ts, so its peak RSS is the sender's alone (no MJML, no baseline):
 * reads a prepared edition (JSON, as a planner hands it over), then makes N readers one at a time,
 * selects, assembles and drops each email. Prints one JSON line of figures.
 */

const [preparedFile, countArg] = process.argv.slice(2);
const count = Number(countArg);
const prepared = JSON.parse(readFileSync(preparedFile as string, 'utf8')) as PreparedEdition;
const ranked = rankPapers(hundredPaperEdition(allRecordedPapers()));
const rand = seededRandom(7);
const vocabulary = Object.keys(TOPIC_KEYWORDS);

function links(): ReaderLinks {
  const token = Buffer.from(String(rand())).toString('base64url').padEnd(180, 'x');
  const base = 'https://papers-inbox.example';
  const paperToken = token.slice(0, 170);
  return {
    unsubscribeUrl: `${base}/unsubscribe?token=${token}`,
    preferencesUrl: `${base}/preferences?token=${token}`,
    webViewUrl: `${base}/editions/2026-06-12`,
    // A feedback token per paper, as the sender gives them (render.bench.ts's readerLinks).
    feedbackToken: (paperId) => `${paperToken}.${paperId}` as QueryToken,
  };
}

// Every reader has a learned profile of 40 presses (the cap of its state reached), drawn from a pool.
const states = learnedStates(ranked, 200, 40, rand);

function* readers(n: number, ranking: EditionRanking) {
  for (let i = 0; i < n; i++) {
    const topics = rand() < 0.3 ? [] : [vocabulary[Math.floor(rand() * vocabulary.length)] as string];
    const relevance = states[Math.floor(rand() * states.length)];
    const picked = selectForReader(ranking, { topics, relevance }, 10);
    yield { paperIds: picked.map((p) => p.paper.arxivId), why: picked.map((p) => p.why), links: links() };
  }
}

const startRss = process.memoryUsage.rss();
let peakRss = startRss;
let emails = 0;
let chars = 0;
let sink = 0;
const t = performance.now();
const ranking = prepareRanking(ranked, 'daily');
for (const reader of readers(count, ranking)) {
  if (reader.paperIds.length === 0) continue; // nothing matches: no email
  const email = assembleDigest(prepared, reader);
  // Reading a character flattens the concatenated strings, as serialising for SES would.
  sink += email.html.charCodeAt(email.html.length - 1) + email.text.charCodeAt(email.text.length - 1);
  chars += email.html.length + email.text.length;
  emails++;
  if (emails % 500 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
}
const ms = performance.now() - t;
peakRss = Math.max(peakRss, process.memoryUsage.rss());
process.stdout.write(
  `${JSON.stringify({
    readers: count,
    emails,
    chars,
    ms,
    startRss,
    peakRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    mjmlLoaded: Object.keys(require.cache).some((k) => k.includes(`${'/node_modules/'}mjml`)),
    sink: sink > 0,
  })}\n`,
);
