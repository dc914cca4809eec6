import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretVersions } from '../ports';

const notFound = (err: unknown) => (err as { name?: string })?.name === 'ResourceNotFoundException';

/** Secrets Manager's versions and staging labels of one secret, as its rotation protocol uses them. */
export function createSecretVersions(opts: { region: string }): SecretVersions {
  const sm = new SecretsManagerClient({ region: opts.region });
  return {
    async describe(secretId) {
      const out = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
      return { rotationEnabled: out.RotationEnabled === true, versions: out.VersionIdsToStages ?? {} };
    },
    async get(secretId, at) {
      try {
        const out = await sm.send(
          new GetSecretValueCommand({ SecretId: secretId, VersionId: at.versionId, VersionStage: at.stage }),
        );
        return out.SecretString;
      } catch (err) {
        if (notFound(err)) return undefined;
        throw err;
      }
    },
    async putPending(secretId, versionId, value) {
      await sm.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          ClientRequestToken: versionId,
          SecretString: value,
          VersionStages: ['AWSPENDING'],
        }),
      );
    },
    async makeCurrent(secretId, versionId, fromVersionId) {
      await sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: versionId,
          RemoveFromVersionId: fromVersionId,
        }),
      );
    },
  };
}
