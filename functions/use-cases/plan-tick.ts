import type { Config } from '../config';
import { SLOT_SHARDS, slotKey, tickOf } from '../core/delivery-slot';
import { editionDates, rankPapers } from '../core/edition';
import { editionReadiness, type Readiness } from '../core/edition-readiness';
import { type DueDelivery, dueDelivery, slotAfter } from '../core/tick';
import { localTimeText } from '../core/time-zones';
import { chunk } from '../lib/chunk';
import type { DueReader, Ports } from '../ports';
import type { SendPage } from '../schemas/delivery';
import type { Edition } from '../schemas/edition';
import type { Paper } from '../schemas/paper';

export type PlanTickDeps = Pick<
  Ports,
  'papers' | 'editions' | 'subscribers' | 'sendQueue' | 'clock' | 'log' | 'metrics'
> & {
  config: Pick<
    Config,
    | 'SEND_PAGE_SIZE'
    | 'DEFAULT_TIME_ZONE'
    | 'DEFAULT_DELIVERY_HOUR'
    | 'WEEKLY_DIGEST_WEEKDAY'
    | 'EDITION_SETTLE_HOURS'
    | 'EDITION_DEADLINE_HOURS'
  >;
};

/** What the tick did (or, in a dry run, would do) for one reader. */
export interface TickLine {
  subscriberId: string;
  email: string;
  /** The reader's local delivery time, `YYYY-MM-DD HH:MM` in their zone. */
  localTime: string;
  timeZone: string;
  editionId: string;
  outcome:
    | 'queued'
    /** The edition has not settled yet: the reader stays due, the next tick looks again. */
    | 'waiting'
    /** A weekday whose list never settled by the deadline: nothing sent (EditionMissed). */
    | 'missed'
    /** A day Hugging Face lists nothing (weekend): nothing to send. */
    | 'no-list'
    /** Already served that local day (the hour changed after the digest): the slot only moves on. */
    | 'served'
    /** Left or suppressed since: taken out of the slot index. */
    | 'left';
}

export interface TickSummary {
  /** The tick (quarter hour) planned. */
  tick: string;
  /** Readers the index returned as due. */
  due: number;
  /** Items the index queries read (the cost of the tick). */
  itemsRead: number;
  editions: { editionId: string; readiness: Readiness; papers: number; stored?: 'new' | 'existing' }[];
  queued: number;
  pages: number;
  waiting: number;
  missed: number;
  noList: number;
}

interface EditionPlan {
  readiness: Readiness;
  edition?: Edition;
}

const WRITE_CONCURRENCY = 16;

/**
 * One planner tick at `at` (issue 11): the readers whose slot is at or before the tick, by the `bySlot`
 * GSI (all shards, side by side), each with the edition their delivery time calls for. Readers of an
 * edition that is ready go to the send queue in pages, then their slot moves to their next local
 * delivery (conditional on the slot still being the one read, so a reader who changed their hour
 * meanwhile keeps the new one, with the day marked served). Readers of an edition not settled yet stay
 * due; past the deadline a weekday's edition is missed (nothing sent, EditionMissed counted) and a day
 * with no list (weekend) is passed over with a log line. A dry run reads only: nothing stored, queued
 * or moved.
 */
export async function planTick(
  deps: PlanTickDeps,
  at: Date,
  opts: { dryRun?: boolean; onLine?: (line: TickLine) => void; onPage?: (page: SendPage) => void } = {},
): Promise<TickSummary> {
  const tick = tickOf(at);
  const summary: TickSummary = {
    tick: tick.toISOString(),
    due: 0,
    itemsRead: 0,
    editions: [],
    queued: 0,
    pages: 0,
    waiting: 0,
    missed: 0,
    noList: 0,
  };

  const due: { reader: DueReader; delivery: DueDelivery }[] = [];
  await Promise.all(
    Array.from({ length: SLOT_SHARDS }, async (_, shard) => {
      const pages = deps.subscribers.dueInShard(shard, slotKey(tick.getTime()), {
        onRead: (n) => {
          summary.itemsRead += n;
        },
      });
      for await (const readers of pages)
        for (const reader of readers) due.push({ reader, delivery: dueDelivery(reader, deps.config) });
    }),
  );
  summary.due = due.length;
  if (due.length === 0) return summary;

  const plans = await planEditions(
    deps,
    due.flatMap(({ delivery }) => (delivery.skip ? [] : [delivery.edition])),
    tick,
    opts.dryRun ?? false,
  );
  for (const [editionId, plan] of plans)
    summary.editions.push({
      editionId,
      readiness: plan.readiness,
      papers: plan.edition?.paperIds.length ?? 0,
      ...(plan.stored ? { stored: plan.stored } : {}),
    });

  const lines: (TickLine & { reader: DueReader; delivery: DueDelivery })[] = due.map(
    ({ reader, delivery }) => {
      const plan = plans.get(delivery.edition.editionId);
      const outcome: TickLine['outcome'] =
        delivery.skip ??
        (plan?.readiness === 'ready' ? 'queued' : ((plan?.readiness ?? 'missed') as TickLine['outcome']));
      return {
        reader,
        delivery,
        subscriberId: reader.id,
        email: reader.email,
        localTime: localTimeText(Date.parse(delivery.slot), delivery.schedule.timeZone),
        timeZone: delivery.schedule.timeZone,
        editionId: delivery.edition.editionId,
        outcome,
      };
    },
  );
  for (const line of lines) {
    if (line.outcome === 'queued') summary.queued++;
    else if (line.outcome === 'waiting') summary.waiting++;
    else if (line.outcome === 'missed') summary.missed++;
    else if (line.outcome === 'no-list') summary.noList++;
    const { reader: _r, delivery: _d, ...shown } = line;
    opts.onLine?.(shown);
  }

  // Queued first, moved on after: a tick that dies in between queues those readers again next time,
  // and the ledger sends each (reader, edition) once.
  const byEdition = new Map<string, string[]>();
  for (const l of lines) {
    if (l.outcome !== 'queued') continue;
    const ids = byEdition.get(l.editionId);
    if (ids) ids.push(l.subscriberId);
    else byEdition.set(l.editionId, [l.subscriberId]);
  }
  const pages: SendPage[] = [];
  for (const [editionId, ids] of byEdition)
    for (const subscriberIds of chunk(ids, deps.config.SEND_PAGE_SIZE))
      pages.push({ editionId, subscriberIds });
  summary.pages = pages.length;
  for (const p of pages) opts.onPage?.(p);

  for (const [editionId, plan] of plans) {
    const readers = lines.filter((l) => l.editionId === editionId && l.outcome === plan.readiness).length;
    const hint = `send it late with: npm run digest -- --date ${plans.get(editionId)?.lastDay ?? ''}`;
    // A dry run changes and counts nothing: what a real tick would call an error is a note of what would be.
    if (plan.readiness === 'missed' && opts.dryRun)
      deps.log.info('planner (dry run): edition would be missed: its list did not settle by the deadline', {
        editionId,
        readers,
        hint,
      });
    else if (plan.readiness === 'missed')
      deps.log.error('planner: edition missed: its list did not settle by the deadline; nothing sent', {
        editionId,
        readers,
        hint,
      });
    else if (plan.readiness === 'no-list')
      deps.log.info('planner: no Daily-Papers list that day (weekend): no digest', { editionId, readers });
    else if (plan.readiness === 'waiting')
      deps.log.info('planner: edition not settled yet: its readers stay due', { editionId, readers });
  }
  if (opts.dryRun) return summary;

  if (pages.length) await deps.sendQueue.enqueue(pages);
  if (summary.missed) deps.metrics.count({ EditionMissed: summary.missed });

  const moving = lines.filter((l) => l.outcome !== 'waiting');
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(WRITE_CONCURRENCY, moving.length) }, async () => {
      while (next < moving.length) {
        const l = moving[next++] as (typeof moving)[number];
        await moveOn(deps, l.reader, l.delivery, tick);
      }
    }),
  );
  deps.log.info('planner: tick planned', { ...summary, editions: summary.editions });
  return summary;
}

async function moveOn(
  deps: PlanTickDeps,
  reader: DueReader,
  delivery: DueDelivery,
  tick: Date,
): Promise<void> {
  if (delivery.skip === 'left') {
    await deps.subscribers.unslot(reader.id, delivery.slot);
    return;
  }
  const moved = await deps.subscribers.advanceSlot(reader.id, delivery.slot, {
    nextSlot: slotAfter(delivery, tick),
    servedDay: delivery.localDay,
  });
  // The reader changed their schedule after we read them: their new slot stands, this day stays served.
  if (!moved) await deps.subscribers.markServed(reader.id, delivery.localDay);
}

/** Each edition the due readers need, once: its readiness, and when ready the edition (stored once). */
async function planEditions(
  deps: PlanTickDeps,
  wanted: DueDelivery['edition'][],
  tick: Date,
  dryRun: boolean,
): Promise<Map<string, EditionPlan & { stored?: 'new' | 'existing'; lastDay: string }>> {
  const unique = new Map(wanted.map((w) => [w.editionId, w]));
  const days = new Map<string, Promise<Paper[]>>();
  const papersOf = (day: string) => {
    let p = days.get(day);
    if (!p) {
      p = deps.papers.papersOfDay(day);
      days.set(day, p);
    }
    return p;
  };
  const plans = new Map<string, EditionPlan & { stored?: 'new' | 'existing'; lastDay: string }>();
  for (const choice of unique.values()) {
    // An edition already stored is mailed as it is (a later tick, or one an operator sent late by date).
    const existing = await deps.editions.getEdition(choice.editionId);
    if (existing) {
      plans.set(choice.editionId, {
        readiness: 'ready',
        edition: existing,
        stored: 'existing',
        lastDay: choice.lastDay,
      });
      continue;
    }
    const covered = editionDates(choice.kind, choice.date);
    const loaded = new Map(await Promise.all(covered.map(async (d) => [d, await papersOf(d)] as const)));
    const rules = {
      settleHours: deps.config.EDITION_SETTLE_HOURS,
      deadlineHours: deps.config.EDITION_DEADLINE_HOURS,
    };
    let readiness = editionReadiness(choice.kind, choice.date, (d) => loaded.get(d) ?? [], tick, rules);
    const ranked = rankPapers([...loaded.values()].flat());
    if (readiness === 'ready' && ranked.length === 0) readiness = 'missed';
    if (readiness !== 'ready') {
      plans.set(choice.editionId, { readiness, lastDay: choice.lastDay });
      continue;
    }
    const fresh: Edition = {
      editionId: choice.editionId,
      kind: choice.kind,
      date: choice.date,
      paperIds: ranked.map((p) => p.arxivId),
      createdAt: deps.clock.now().toISOString(),
    };
    // The first edition stored for an id is the one mailed and shown (a later tick keeps it).
    if (!dryRun) await deps.editions.putEdition(fresh);
    plans.set(choice.editionId, {
      readiness,
      edition: fresh,
      lastDay: choice.lastDay,
      ...(dryRun ? {} : { stored: 'new' as const }),
    });
  }
  return plans;
}
