import * as z from 'zod';
import { onLambda } from '../roots/lambda';
import { rotationDeps } from '../roots/rotation';
import {
  type RotateSigningKeyDeps,
  type RotationOutcome,
  rotateSigningKey,
} from '../use-cases/rotate-signing-key';

/** What Secrets Manager sends a rotation function, once per step. */
export const rotationEventSchema = z.object({
  SecretId: z.string().min(1),
  ClientRequestToken: z.string().min(1),
  Step: z.enum(['createSecret', 'setSecret', 'testSecret', 'finishSecret']),
});

/**
 * Secrets Manager's rotation function for the token-signing secret (scheduled by CDK's rotation
 * schedule): each invocation is one step of the rotation (`use-cases/rotate-signing-key`). A step that
 * throws fails the rotation; Secrets Manager keeps the pending version and the next rotation resumes.
 */
export function createRotateTokenSecretHandler(deps: RotateSigningKeyDeps) {
  return async (event: unknown): Promise<{ step: string; outcome: RotationOutcome }> => {
    const e = rotationEventSchema.parse(event);
    const outcome = await rotateSigningKey(deps, {
      secretId: e.SecretId,
      token: e.ClientRequestToken,
      step: e.Step,
    });
    return { step: e.Step, outcome };
  };
}

export const handler = onLambda((root) => createRotateTokenSecretHandler(rotationDeps(root)));
