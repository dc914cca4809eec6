import { randomBytes } from 'node:crypto';
import { isRotationOf, keysOfRing, nextKeyRing } from '../core/key-rotation';
import { issueToken, verifyToken } from '../core/tokens';
import type { Log, SecretVersions } from '../ports';
import { keyRingSchema, parseKeyRing } from '../schemas/key-ring';

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export interface RotateSigningKeyDeps {
  secretVersions: SecretVersions;
  log: Pick<Log, 'info'>;
  /** A new signing key: 32 random bytes as 64 hex characters (the key is used as its UTF-8 bytes). */
  newKey?: () => string;
}

export type RotationOutcome =
  | 'pending-written'
  | 'pending-exists'
  | 'nothing-to-set'
  | 'tested'
  | 'current'
  | 'already-current';

/**
 * One step of Secrets Manager's rotation of the token-signing secret (it calls the four steps in order
 * with one `token`, the new version's id; each step may be retried, so each is idempotent):
 * - `createSecret`: the key ring of AWSCURRENT rotated (`core/key-rotation.nextKeyRing`), written as
 *   version `token` labelled AWSPENDING, unless that version exists already;
 * - `setSecret`: nothing: no other system holds the key;
 * - `testSecret`: the pending ring is a rotation of the current one, signs and verifies a token, and still
 *   verifies what the current key signed (so no mailed link breaks when it goes live);
 * - `finishSecret`: AWSCURRENT moves to `token`. The functions pick the new ring up within 5 minutes
 *   (at once for a link signed by a key they do not know yet).
 */
export async function rotateSigningKey(
  deps: RotateSigningKeyDeps,
  req: { secretId: string; token: string; step: RotationStep },
): Promise<RotationOutcome> {
  const { secretVersions: sm } = deps;
  const { secretId, token, step } = req;
  const meta = await sm.describe(secretId);
  if (!meta.rotationEnabled) throw new Error(`secret ${secretId} does not have rotation enabled`);
  const stages = meta.versions[token];
  if (!stages) throw new Error(`version ${token} is not a version of secret ${secretId}`);
  if (stages.includes('AWSCURRENT')) return 'already-current';
  if (!stages.includes('AWSPENDING')) throw new Error(`version ${token} is not AWSPENDING for rotation`);

  const currentRing = async () => {
    const value = await sm.get(secretId, { stage: 'AWSCURRENT' });
    if (value === undefined) throw new Error(`secret ${secretId} has no AWSCURRENT value`);
    return parseKeyRing(value);
  };
  switch (step) {
    case 'createSecret': {
      const current = await currentRing();
      if ((await sm.get(secretId, { versionId: token, stage: 'AWSPENDING' })) !== undefined)
        return 'pending-exists';
      const newKey = deps.newKey?.() ?? randomBytes(32).toString('hex');
      await sm.putPending(secretId, token, JSON.stringify(nextKeyRing(current, newKey)));
      deps.log.info('token key rotation: new key ring pending', { secretId, versionId: token });
      return 'pending-written';
    }
    case 'setSecret':
      return 'nothing-to-set';
    case 'testSecret': {
      const value = await sm.get(secretId, { versionId: token, stage: 'AWSPENDING' });
      if (value === undefined) throw new Error(`version ${token} has no pending value`);
      const pending = keyRingSchema.parse(JSON.parse(value));
      const current = await currentRing();
      if (!isRotationOf(pending, current))
        throw new Error(`version ${token} is not a rotation of the current key ring`);
      const claims = { subscriberId: 'rotation-test', purpose: 'manage' as const, version: 0 };
      const now = new Date();
      const keys = keysOfRing(pending);
      for (const signedBy of [keys, keysOfRing(current)])
        if (!verifyToken(keys, issueToken(signedBy, claims, now), 'manage', now).ok)
          throw new Error(`the pending key ring of version ${token} does not verify its tokens`);
      return 'tested';
    }
    case 'finishSecret': {
      const from = Object.entries(meta.versions).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
      if (!from) throw new Error(`secret ${secretId} has no AWSCURRENT version`);
      await sm.makeCurrent(secretId, token, from);
      deps.log.info('token key rotation: new key ring current', { secretId, versionId: token, from });
      return 'current';
    }
  }
}
