import { createSecretVersions } from '../adapters/token-secret-versions';
import type { Ports } from '../ports';
import type { RotateSigningKeyDeps } from '../use-cases/rotate-signing-key';

/** The rotation function's dependencies, built from its Lambda root (no other function needs them). */
export const rotationDeps = (root: Ports): RotateSigningKeyDeps => ({
  secretVersions: createSecretVersions({ region: root.config.AWS_REGION }),
  log: root.log,
});
