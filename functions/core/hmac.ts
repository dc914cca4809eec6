import { createHmac, createSecretKey, type Hmac, type KeyObject } from 'node:crypto';

/**
 * HMAC-SHA256 under one of our secrets, the secret made a `KeyObject` once: `createHmac` given a Buffer
 * imports it as a key on every call, a third of a token's cost on Node 22 (3.1 → 2.1 µs measured), and
 * the sender signs 11 tokens per reader. Secrets are never changed in place (rotation makes new ones).
 */
const keys = new WeakMap<Buffer, KeyObject>();

export function hmacSha256(secret: Buffer, text: string): Hmac {
  let key = keys.get(secret);
  if (key === undefined) {
    key = createSecretKey(secret);
    keys.set(secret, key);
  }
  return createHmac('sha256', key).update(text);
}
