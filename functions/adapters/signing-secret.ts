import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { Config } from '../config';
import type { SigningKeys } from '../core/tokens';

/**
 * The secret's value on AWS: a plain string (the key CDK generated at first deploy) or, once rotated
 * (functions/handlers/rotate-token-secret.ts), the key ring as JSON. Keys are used as their UTF-8 bytes.
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

export const keysOfRing = (ring: KeyRing): SigningKeys => ({
  current: Buffer.from(ring.current, 'utf8'),
  previous: ring.previous ? Buffer.from(ring.previous, 'utf8') : undefined,
  retired: ring.retired.map((k) => Buffer.from(k, 'utf8')),
});

/** The key ring in force; `loadSigningSecret` is its current key. */
export async function loadSigningKeys(config: Config): Promise<SigningKeys> {
  if (config.TOKEN_SECRET_ARN) {
    const sm = new SecretsManagerClient({ region: config.AWS_REGION });
    const out = await sm.send(new GetSecretValueCommand({ SecretId: config.TOKEN_SECRET_ARN }));
    if (!out.SecretString) throw new Error('token secret is empty');
    return keysOfRing(parseKeyRing(out.SecretString));
  }
  return { current: await loadLocalSecret(config) };
}

/**
 * The token-signing secret. On AWS it is the Secrets Manager secret CDK generated at deploy; locally it
 * is generated once into the data folder (git-ignored), so tokens survive a restart. Never in the repo.
 */
export async function loadSigningSecret(config: Config): Promise<Buffer> {
  return (await loadSigningKeys(config)).current;
}

async function loadLocalSecret(config: Config): Promise<Buffer> {
  const file = path.join(config.DATA_DIR, 'token-secret');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch {
    mkdirSync(config.DATA_DIR, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    try {
      writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
    } catch {
      // Another process created it first: use theirs.
    }
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }
}
