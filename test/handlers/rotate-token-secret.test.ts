import { loadSigningKeys } from '../../functions/adapters/signing-secret';
import { createSecretVersions } from '../../functions/adapters/token-secret-versions';
import { createConfig } from '../../functions/config';
import { issueFeedbackToken, verifyFeedbackToken } from '../../functions/core/feedback-token';
import { issueToken, verifyToken } from '../../functions/core/tokens';
import { createRotateTokenSecretHandler } from '../../functions/handlers/rotate-token-secret';
import { parseKeyRing } from '../../functions/schemas/key-ring';
import { startSecretsManagerStandIn } from '../support/secrets-manager';

/**
 * The rotation function through the real SDK client against a Secrets Manager stand-in (HTTP, JSON 1.1),
 * driven as Secrets Manager drives it; then the app's own key loading (`loadSigningKeys`, which reads
 * TOKEN_SECRET_ARN) and token check (`verifyToken`) on what the rotation left.
 */
let sm: Awaited<ReturnType<typeof startSecretsManagerStandIn>>;
let handler: ReturnType<typeof createRotateTokenSecretHandler>;
const logs: string[] = [];
const saved = { ...process.env };
beforeAll(async () => {
  sm = await startSecretsManagerStandIn();
  // The SDK's documented per-service endpoint variable: the app's own client (loadSigningKeys) uses it too.
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url;
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  handler = createRotateTokenSecretHandler({
    secretVersions: createSecretVersions({ region: 'us-east-1' }),
    log: { info: (m: string) => void logs.push(m) },
  });
});
afterAll(async () => {
  process.env = saved;
  await sm.stop();
});

// As CDK's generateSecretString leaves it: 64 letters and digits, a plain string.
const CDK_KEY = `${'k'.repeat(20)}A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4`;
const current = async (arn: string) => {
  const out = await createSecretVersions({ region: 'us-east-1' }).get(arn, {
    stage: 'AWSCURRENT',
  });
  return parseKeyRing(out as string);
};
const appKeys = (arn: string) =>
  loadSigningKeys(createConfig({ TOKEN_SECRET_ARN: arn, AWS_REGION: 'us-east-1' }));
const claims = { subscriberId: 'reader-1', purpose: 'manage' as const, version: 0 };
const paperClaims = {
  subscriberId: 'reader-1',
  paperId: '2504.16656',
  editionId: 'daily#2026-11-30',
  version: 0,
};

test('a rotation puts a new current key in the ring; links signed before keep working (previous)', async () => {
  const arn = sm.create('token-a', CDK_KEY);
  const before = await appKeys(arn);
  const oldLink = issueToken(before, claims);
  const oldMore = issueFeedbackToken(before.current, paperClaims);

  await sm.rotate(arn, handler);

  const ring = await current(arn);
  expect(ring).toEqual({ current: expect.stringMatching(/^[0-9a-f]{64}$/), previous: CDK_KEY, retired: [] });
  const after = await appKeys(arn);
  expect(after.current.toString('utf8')).toBe(ring.current);
  // Signed by the old key: still a valid manage link, until the next rotation.
  expect(verifyToken(after, oldLink, 'manage', new Date())).toMatchObject({
    ok: true,
    subscriberId: 'reader-1',
  });
  // So are the More/Less links of the digests delivered before the rotation.
  expect(verifyFeedbackToken(after, oldMore)).toMatchObject({ ok: true, paperId: '2504.16656' });
  // New links are signed by the new key, which the old ring never knew.
  const newLink = issueToken(after, claims);
  expect(verifyToken(after, newLink, 'manage', new Date()).ok).toBe(true);
  expect(verifyToken(before, newLink, 'manage', new Date()).ok).toBe(false);
  expect(logs).toContain('token key rotation: new key ring current');
});

test('two rotations on, the oldest key verifies unsubscribe links only (every email ever sent can still unsubscribe)', async () => {
  const arn = sm.create('token-b', CDK_KEY);
  const first = await appKeys(arn);
  const oldLink = issueToken(first, claims);
  const oldMore = issueFeedbackToken(first.current, paperClaims);
  await sm.rotate(arn, handler);
  const middle = (await current(arn)).current;
  await sm.rotate(arn, handler);

  const ring = await current(arn);
  expect(ring.previous).toBe(middle);
  expect(ring.retired).toEqual([CDK_KEY]);
  const keys = await appKeys(arn);
  expect(verifyToken(keys, oldLink, 'manage', new Date()).ok).toBe(false);
  expect(verifyToken(keys, oldLink, 'manage', new Date(), { unsubscribeOnly: true }).ok).toBe(true);
  // A feedback link is no unsubscribe: a retired key signs none.
  expect(verifyFeedbackToken(keys, oldMore)).toEqual({ ok: false, reason: 'forged' });
});

test('each step is idempotent: Secrets Manager may call one again', async () => {
  const arn = sm.create('token-c', CDK_KEY);
  const token = await sm.rotate(arn, handler);
  const ring = await current(arn);
  const again = (Step: string) => handler({ SecretId: arn, ClientRequestToken: token, Step });
  // The version is current now: every step of it is a no-op.
  for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'])
    expect(await again(step)).toEqual({ step, outcome: 'already-current' });
  expect(await current(arn)).toEqual(ring);
});

test('a pending ring that would drop a key fails the test step, and the current ring stays in force', async () => {
  const arn = sm.create('token-d', CDK_KEY);
  // A broken rotation function: it writes a ring without the key in force.
  const broken = createRotateTokenSecretHandler({
    secretVersions: {
      ...createSecretVersions({ region: 'us-east-1' }),
      putPending: (secretId, versionId) =>
        createSecretVersions({ region: 'us-east-1' }).putPending(
          secretId,
          versionId,
          JSON.stringify({ current: 'f'.repeat(64), retired: [] }),
        ),
    },
    log: { info: () => {} },
  });
  await expect(sm.rotate(arn, broken)).rejects.toThrow('is not a rotation of the current key ring');
  expect(await current(arn)).toEqual({ current: CDK_KEY, retired: [] });
  // The pending version is left for the next rotation to replace.
  expect(Object.values(sm.stages(arn))).toContainEqual(['AWSPENDING']);
});

test('refuses a secret without rotation enabled, and events that are not rotation steps', async () => {
  const arn = sm.create('token-e', CDK_KEY, { rotationEnabled: false });
  await expect(sm.rotate(arn, handler)).rejects.toThrow('does not have rotation enabled');
  await expect(handler({ SecretId: arn, ClientRequestToken: 't', Step: 'dropSecret' })).rejects.toThrow();
  expect(await current(arn)).toEqual({ current: CDK_KEY, retired: [] });
});
