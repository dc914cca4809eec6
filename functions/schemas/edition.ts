import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const editionKindSchema = z.enum(['daily', 'weekly']);
export type EditionKind = z.infer<typeof editionKindSchema>;

/**
 * One digest issue: the ranked papers every reader of that kind picks from. `date` is the Daily-Papers
 * day for a daily edition and the send day for a weekly one (which covers the 7 days before it).
 */
export const editionSchema = z.object({
  /** `daily#YYYY-MM-DD` or `weekly#YYYY-MM-DD`: the editions table's partition key. */
  editionId: z.string().regex(/^(daily|weekly)#\d{4}-\d{2}-\d{2}$/),
  kind: editionKindSchema,
  date: isoDate,
  /** Ranked (see core/edition.ts `rankPapers`). */
  paperIds: z.array(z.string()),
  createdAt: z.iso.datetime(),
});

export type Edition = z.infer<typeof editionSchema>;

/** The one way to name an edition, so `editionId` always agrees with `kind` and `date`. */
export const editionIdFor = (kind: EditionKind, date: string): string => `${kind}#${date}`;
