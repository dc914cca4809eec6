import type { KeyRing } from '../schemas/key-ring';
import type { SigningKeys } from './tokens';

/** The ring's keys as the token code uses them (their UTF-8 bytes). */
export const keysOfRing = (ring: KeyRing): SigningKeys => ({
  current: Buffer.from(ring.current, 'utf8'),
  previous: ring.previous ? Buffer.from(ring.previous, 'utf8') : undefined,
  retired: ring.retired.map((k) => Buffer.from(k, 'utf8')),
});

/**
 * One rotation of the token-signing key ring: the new key signs from now on; the key that signed until
 * now becomes `previous` (every link it signed keeps working until the next rotation); the one before
 * joins `retired`, which verifies unsubscribe links only, so the unsubscribe link of any email ever sent
 * keeps working. Retired keys are never dropped (64 characters each: Secrets Manager's 64 KB holds ~900).
 */
export function nextKeyRing(ring: KeyRing, newKey: string): KeyRing {
  if (newKey.length < 32) throw new Error('a signing key has at least 32 characters');
  if (newKey === ring.current || newKey === ring.previous || ring.retired.includes(newKey))
    throw new Error('the new signing key is one the ring already holds');
  return {
    current: newKey,
    previous: ring.current,
    retired: ring.previous ? [ring.previous, ...ring.retired] : ring.retired,
  };
}

/** Whether `pending` is a rotation of `current` (what the rotation's test step checks before it goes live). */
export function isRotationOf(pending: KeyRing, current: KeyRing): boolean {
  const before = new Set([current.current, current.previous, ...current.retired].filter(Boolean));
  const after = new Set([pending.previous, ...pending.retired].filter(Boolean));
  return (
    pending.previous === current.current &&
    !before.has(pending.current) &&
    [...before].every((k) => after.has(k))
  );
}
