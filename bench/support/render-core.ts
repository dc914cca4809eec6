/**
 * What the sender runs per reader (the learned selection and the digest's assembly), as one entry that
 * `bundled-core.ts` bundles the way the sender's Lambda is bundled, so the render bench can time the code
 * as it is deployed.
 */
export { assembleDigest } from '../../functions/core/digest-render';
export { prepareRanking, selectForReader } from '../../functions/core/selection';
