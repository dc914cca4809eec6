import { createSecretVersions } from '../adapters/token-secret-versions';
import type { RotateSigningKeyDeps } from '../use-cases/rotate-signing-key';
import type { Root } from './compose';

/** The rotation function's dependencies, built from its Lambda root (no other function needs them). */
export const rotationDeps = (root: Root): RotateSigningKeyDeps => ({
  secretVersions: createSecretVersions({ region: root.config.AWS_REGION }),
  log: root.log,
});
