import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from '../config';
import { keysOfRing } from '../core/key-rotation';
import type { SigningKeys } from '../core/tokens';
import { parseKeyRing } from '../schemas/key-ring';

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
