import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isDay } from '../functions/schemas/day';
import { createCliRoot } from './root';

/**
 * `npm run preview -- --date YYYY-MM-DD [--email a@b] [--kind daily|weekly]`: renders one digest from the
 * running local stack's data, through the same prepare/assemble path the sender uses, and writes the
 * HTML (and the text part next to it) under DATA_DIR/previews. With --email, that reader's topics
 * and real signed links; without, every paper and sample links.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      date: { type: 'string' },
      email: { type: 'string' },
      kind: { type: 'string', default: 'daily' },
    },
  });
  const date = values.date ?? '';
  if (!isDay(date)) throw new UsageError('--date YYYY-MM-DD is required');
  if (values.kind !== 'daily' && values.kind !== 'weekly') throw new UsageError('--kind is daily or weekly');
  const kind = values.kind;

  const { editionUrl, manageLinks } = await import('../functions/core/links');
  const { editionDates, rankPapers } = await import('../functions/core/edition');
  const { prepareRanking, selectForReader } = await import('../functions/core/selection');
  const { followedCount, selectWithProfile } = await import('../functions/core/profile');
  const { assembleDigest, prepareEdition } = await import('../functions/core/digest-render');
  const { compileTemplates } = await import('../functions/adapters/template-compiler');
  const { editionIdFor } = await import('../functions/schemas/edition');
  const deps = createCliRoot(process.env, { name: 'preview' });
  const { config } = deps;

  const stored = await deps.editions.getEdition(editionIdFor(kind, date));
  const papers = stored
    ? await deps.papers.getPapers(stored.paperIds)
    : rankPapers((await Promise.all(editionDates(kind, date).map((d) => deps.papers.papersOfDay(d)))).flat());
  const edition = stored ?? {
    editionId: editionIdFor(kind, date),
    kind,
    date,
    paperIds: papers.map((p) => p.arxivId),
    createdAt: new Date().toISOString(),
  };
  if (papers.length === 0)
    throw new UsageError(`no papers stored for the ${kind} edition of ${date}: ingest that day first`);

  const base = config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  let reader: Parameters<typeof selectWithProfile>[1] & Parameters<typeof selectForReader>[1] = {
    topics: [],
  };
  let token = 'PREVIEW';
  if (values.email) {
    const { subscriberIdFor } = await import('../functions/core/subscriber-id');
    const { issueToken } = await import('../functions/core/tokens');
    const id = subscriberIdFor(values.email);
    const subscriber = await deps.subscribers.get(id);
    if (!subscriber) throw new UsageError(`no subscriber ${values.email} in ${config.tables.subscribers}`);
    // The stored reader as the sender reads it: topics and what the ranking learned.
    reader = subscriber;
    token = issueToken(await deps.signingSecret(), {
      subscriberId: id,
      purpose: 'manage',
      version: subscriber.tokenVersion,
    });
  }
  // The sender's selection: the profile (excludes, follows first, digest size) around the learned ranking.
  const ranking = prepareRanking(papers, kind);
  const picked = selectWithProfile(ranking, reader, config.DIGEST_TOP_N, (n) =>
    selectForReader(ranking, reader, n),
  );
  if (picked.length === 0) {
    console.log(
      `nothing in the ${kind} edition of ${date} matches topics [${reader.topics.join(', ')}]: no email`,
    );
    return;
  }
  const prepared = prepareEdition((await compileTemplates()).digest, {
    edition,
    papers,
    baseUrl: base,
    postalAddress: config.POSTAL_ADDRESS,
  });
  const email = assembleDigest(prepared, {
    paperIds: picked.map((p) => p.paper.arxivId),
    why: picked.map((p) => p.why),
    followed: followedCount(picked),
    links: {
      ...manageLinks(base, token),
      webViewUrl: editionUrl(base, edition),
    },
  });
  const dir = path.resolve(config.DATA_DIR, 'previews');
  mkdirSync(dir, { recursive: true });
  const name = `digest-${kind}-${date}${values.email ? `-${values.email.replace(/[^a-z0-9.@_-]/gi, '_')}` : ''}`;
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, email.html);
  writeFileSync(path.join(dir, `${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
  console.log(`${email.subject}\n${picked.length} papers, ${Buffer.byteLength(email.html)} bytes of HTML`);
  console.log(file);
}

class UsageError extends Error {}

main().catch((err) => {
  console.error(
    err instanceof UsageError ? `preview: ${err.message}` : `preview failed: ${err?.stack ?? err}`,
  );
  process.exit(err instanceof UsageError ? 2 : 1);
});
