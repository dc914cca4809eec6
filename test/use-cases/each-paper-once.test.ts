import { subscriberIdFor } from '../../functions/core/subscriber-id';
import type { TestRoot } from '../support/app';
import { type DigestApp, startDigestApp } from '../support/digest-app';
import { emailsTo, uniqueEmail, waitForEmail } from '../support/inbox';
import { makePaper, putPapers, putSubscriber } from '../support/seed';

const DAY1 = '2026-09-14';
const DAY2 = '2026-09-15';

let app: DigestApp;
let deps: TestRoot;

beforeAll(async () => {
  app = await startDigestApp({ DIGEST_TOP_N: '2' });
  deps = app.deps;
});
afterAll(() => app.stop());

const paperIdsIn = (text: string | undefined) => [
  ...new Set([...(text ?? '').matchAll(/huggingface\.co\/papers\/(\d{4}\.\d{4,5})/g)].map((m) => m[1])),
];

test('a paper sent once is never sent again: listed again on a later day, or a later version; the next ones fill in', async () => {
  const email = uniqueEmail('once');
  await putSubscriber(deps, email);
  const top = makePaper(DAY1, { title: 'Top of Monday', upvotes: 90 });
  const second = makePaper(DAY1, { title: 'Second of Monday', upvotes: 80 });
  await putPapers(deps, [top, second, makePaper(DAY1, { upvotes: 1 })]);

  await app.runDigest(DAY1);
  const first = await waitForEmail(email, 1);
  expect(paperIdsIn(first.body.text)).toEqual([top.arxivId, second.arxivId]);
  // The seen-set was written with the delivery, bare ids only.
  const after = await deps.subscribers.get(subscriberIdFor(email));
  expect(after?.seenPapers).toEqual([
    expect.stringMatching(new RegExp(`^\\d{4}-\\d{2}-\\d{2} ${top.arxivId} ${second.arxivId}$`)),
  ]);

  // Tuesday: Hugging Face lists Monday's top paper again (same arXiv id: the item moves to the new day),
  // and the second comes back as v2 (stored under its bare id, as the ingest normalises it).
  const fresh1 = makePaper(DAY2, { title: 'New on Tuesday', upvotes: 50 });
  const fresh2 = makePaper(DAY2, { title: 'Also new on Tuesday', upvotes: 40 });
  await putPapers(deps, [
    { ...top, dailyDate: DAY2, upvotes: 200 },
    { ...second, dailyDate: DAY2, upvotes: 150 },
    fresh1,
    fresh2,
  ]);
  await app.runDigest(DAY2);
  const secondMail = await waitForEmail(email, 2);
  expect(paperIdsIn(secondMail.body.text)).toEqual([fresh1.arxivId, fresh2.arxivId]);
  expect((await emailsTo(email)).length).toBe(2);
});
