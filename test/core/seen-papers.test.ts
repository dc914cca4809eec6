import { addDays } from '../../functions/core/ingest-days';
import { recordSeen, seenIndexOf, seenInEdition } from '../../functions/core/seen-papers';
import { seededRandom } from '../support/random';

/** The reader's seen set as the sender reads it: only the edition's papers, only entries that can name them. */

const paper = (arxivId: string, firstSeenDay: string) => ({
  arxivId,
  firstSeenAt: `${firstSeenDay}T06:00:00.000Z`,
});

test('over random histories, the edition papers named by the entries sent since they were first stored', () => {
  // Prepare
  const rand = seededRandom(20261202);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const pool = Array.from(
    { length: 400 },
    (_, k) => `26${String(1 + (k % 12)).padStart(2, '0')}.${String(10000 + k * 97).slice(0, 5)}`,
  );
  for (let round = 0; round < 200; round++) {
    const today = addDays('2026-06-12', Math.floor(rand() * 60));
    const editionPapers = Array.from({ length: 1 + Math.floor(rand() * 40) }, () =>
      paper(pick(pool), addDays(today, -Math.floor(rand() * 30))),
    );
    let entries: string[] = [];
    for (let d = 120; d >= 1; d--)
      if (rand() < 0.8)
        entries = recordSeen(
          entries,
          addDays(today, -d),
          Array.from({ length: 10 }, () => pick(pool)),
          90,
        );

    // Act
    const seen = seenInEdition(entries, seenIndexOf(editionPapers));

    // Assess: what a reader sent a paper on or after the day before it was stored can have been sent.
    const expected = new Set<string>();
    for (const p of editionPapers)
      for (const e of entries)
        if (
          e.slice(0, 10) >= addDays(p.firstSeenAt.slice(0, 10), -1) &&
          e.split(' ').slice(1).includes(p.arxivId)
        )
          expected.add(p.arxivId);
    // Entries older than the edition's oldest paper are skipped as a whole; for the others, only an
    // entry that could not have held a paper (sent before it was stored) can differ, and none names it here.
    const sinceOldest = addDays(editionPapers.map((p) => p.firstSeenAt.slice(0, 10)).sort()[0] as string, -1);
    const named = new Set(entries.filter((e) => e >= sinceOldest).flatMap((e) => e.split(' ').slice(1)));
    expect([...seen].sort()).toEqual(
      editionPapers
        .map((p) => p.arxivId)
        .filter((id) => named.has(id))
        .filter((id, i, a) => a.indexOf(id) === i)
        .sort(),
    );
    for (const id of expected) expect(seen.has(id)).toBe(true);
  }
});

test('an entry from before the edition papers were stored (a day early allowed) is not read', () => {
  const index = seenIndexOf([paper('2606.01234', '2026-06-10'), paper('2606.05678', '2026-06-12')]);
  expect([...seenInEdition(['2026-06-08 2606.01234', '2026-06-09 2606.05678'], index)]).toEqual([
    '2606.05678',
  ]);
  expect([...seenInEdition(['2026-06-07 2606.01234 2606.05678'], index)]).toEqual([]);
  expect([...seenInEdition(['2026-06-12  2606.01234', 'garbage', ''], index)]).toEqual(['2606.01234']);
  expect([...seenInEdition(undefined, index)]).toEqual([]);
  expect(seenIndexOf([]).since > '9999').toBe(true);
});
