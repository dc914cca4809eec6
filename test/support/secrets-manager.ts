import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the part of Secrets Manager a rotation uses (no emulator we can install has it): the
 * AWS JSON 1.1 protocol over HTTP, so the real SDK client talks to it through its own serialisation, with
 * versions and staging labels as AWS documents them ("How rotation works"): RotateSecret registers a new
 * version id labelled AWSPENDING (no value yet) and calls the rotation function's four steps in order;
 * moving AWSCURRENT puts AWSPREVIOUS on the version that held it.
 */
interface Version {
  value?: string;
  stages: string[];
}
interface StoredSecret {
  arn: string;
  name: string;
  rotationEnabled: boolean;
  versions: Map<string, Version>;
}

class SmError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startSecretsManagerStandIn() {
  const secrets = new Map<string, StoredSecret>();
  const find = (id: unknown) => {
    const s = [...secrets.values()].find((x) => x.arn === id || x.name === id);
    if (!s)
      throw new SmError('ResourceNotFoundException', `Secrets Manager can't find the specified secret.`);
    return s;
  };
  const moveStage = (s: StoredSecret, stage: string, to: string) => {
    for (const [id, v] of s.versions) if (id !== to) v.stages = v.stages.filter((x) => x !== stage);
    const v = s.versions.get(to) as Version;
    if (!v.stages.includes(stage)) v.stages.push(stage);
  };
  const versionOf = (s: StoredSecret, versionId?: string, stage?: string) => {
    const hit = [...s.versions].find(
      ([id, v]) =>
        (!versionId || id === versionId) && (!stage || v.stages.includes(stage)) && v.value !== undefined,
    );
    if (!hit)
      throw new SmError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for VersionId: ${versionId ?? '-'}, staging label: ${stage ?? '-'}`,
      );
    return hit;
  };
  const ops: Record<string, (b: Record<string, unknown>) => unknown> = {
    DescribeSecret: (b) => {
      const s = find(b.SecretId);
      return {
        ARN: s.arn,
        Name: s.name,
        RotationEnabled: s.rotationEnabled,
        VersionIdsToStages: Object.fromEntries([...s.versions].map(([id, v]) => [id, v.stages])),
      };
    },
    GetSecretValue: (b) => {
      const s = find(b.SecretId);
      const stage = (b.VersionStage as string | undefined) ?? (b.VersionId ? undefined : 'AWSCURRENT');
      const [id, v] = versionOf(s, b.VersionId as string | undefined, stage);
      return { ARN: s.arn, Name: s.name, VersionId: id, SecretString: v.value, VersionStages: v.stages };
    },
    PutSecretValue: (b) => {
      const s = find(b.SecretId);
      const id = (b.ClientRequestToken as string | undefined) ?? randomUUID();
      const existing = s.versions.get(id);
      if (existing?.value !== undefined && existing.value !== b.SecretString)
        throw new SmError('ResourceExistsException', `version ${id} already exists with another value`);
      s.versions.set(id, { value: b.SecretString as string, stages: existing?.stages ?? [] });
      for (const stage of (b.VersionStages as string[] | undefined) ?? ['AWSCURRENT'])
        moveStage(s, stage, id);
      return { ARN: s.arn, Name: s.name, VersionId: id, VersionStages: s.versions.get(id)?.stages };
    },
    UpdateSecretVersionStage: (b) => {
      const s = find(b.SecretId);
      const stage = b.VersionStage as string;
      const holder = [...s.versions].find(([, v]) => v.stages.includes(stage))?.[0];
      if (holder && holder !== b.RemoveFromVersionId)
        throw new SmError(
          'InvalidParameterException',
          `${stage} is attached to ${holder}, not ${b.RemoveFromVersionId}`,
        );
      const to = b.MoveToVersionId as string;
      if (!s.versions.has(to)) throw new SmError('ResourceNotFoundException', `no version ${to}`);
      moveStage(s, stage, to);
      if (stage === 'AWSCURRENT' && holder) moveStage(s, 'AWSPREVIOUS', holder);
      return { ARN: s.arn, Name: s.name };
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const op = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      try {
        const fn = ops[op];
        if (!fn) throw new SmError('InvalidRequestException', `the stand-in does not implement ${op}`);
        reply(200, fn(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')));
      } catch (err) {
        const e = err instanceof SmError ? err : new SmError('InternalServiceError', String(err));
        reply(400, { __type: e.type, message: e.message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** A secret as CDK's generateSecretString leaves it: one version, AWSCURRENT. */
    create(name: string, value: string, opts: { rotationEnabled?: boolean } = {}) {
      const arn = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;
      secrets.set(arn, {
        arn,
        name,
        rotationEnabled: opts.rotationEnabled ?? true,
        versions: new Map([[randomUUID(), { value, stages: ['AWSCURRENT'] }]]),
      });
      return arn;
    },
    /** RotateSecret: a new AWSPENDING version id, then the function's four steps, as Secrets Manager calls them. */
    async rotate(arn: string, invoke: (event: unknown) => Promise<unknown>) {
      const s = find(arn);
      const token = randomUUID();
      const version: Version = { stages: [] };
      s.versions.set(token, version);
      moveStage(s, 'AWSPENDING', token);
      // A step that throws leaves the version pending, as Secrets Manager does.
      for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'])
        await invoke({ SecretId: arn, ClientRequestToken: token, Step });
      version.stages = version.stages.filter((x) => x !== 'AWSPENDING');
      return token;
    },
    /** The labels of each version (for assertions). */
    stages: (arn: string) =>
      Object.fromEntries([...find(arn).versions].map(([id, v]) => [id, [...v.stages]])),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
