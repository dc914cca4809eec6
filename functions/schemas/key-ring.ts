import * as z from 'zod';

/**
 * The token secret's value on AWS: a plain string (the key CDK generated at first deploy) or, once
 * rotated (functions/handlers/rotate-token-secret.ts), the key ring as JSON. Keys are used as their UTF-8
 * bytes.
 */
export const keyRingSchema = z.object({
  current: z.string().min(32),
  previous: z.string().min(32).optional(),
  /** Keys older than `previous`: they verify unsubscribe links only (any email ever sent). */
  retired: z.array(z.string().min(32)).default([]),
});
export type KeyRing = z.infer<typeof keyRingSchema>;

export function parseKeyRing(secretString: string): KeyRing {
  const text = secretString.trim();
  if (!text.startsWith('{')) return { current: text, retired: [] };
  return keyRingSchema.parse(JSON.parse(text));
}
