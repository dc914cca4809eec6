import * as z from 'zod';
import { daySchema, isDay } from './day';

export const editionKindSchema = z.enum(['daily', 'weekly']);
export type EditionKind = z.infer<typeof editionKindSchema>;

/** `daily#YYYY-MM-DD` or `weekly#YYYY-MM-DD`: the editions table's key, and how queue pages and the ledger name an edition. */
export const editionIdSchema = z
  .string()
  .regex(/^(daily|weekly)#\d{4}-\d{2}-\d{2}$/, 'expected daily#YYYY-MM-DD or weekly#YYYY-MM-DD')
  .refine((id) => isDay(id.slice(id.indexOf('#') + 1)), 'expected daily#YYYY-MM-DD or weekly#YYYY-MM-DD');

/**
 * One digest issue: the ranked papers every reader of that kind picks from. `date` is the Daily-Papers
 * day for a daily edition and the send day for a weekly one (which covers the 7 days before it).
 */
export const editionSchema = z.object({
  editionId: editionIdSchema,
  kind: editionKindSchema,
  date: daySchema,
  /** Ranked (see core/edition.ts `rankPapers`). */
  paperIds: z.array(z.string()),
  createdAt: z.iso.datetime(),
});

export type Edition = z.infer<typeof editionSchema>;

/** The one way to name an edition, so `editionId` always agrees with `kind` and `date`. */
export const editionIdFor = (kind: EditionKind, date: string): string => `${kind}#${date}`;
