import { paperFeatures } from '../../functions/core/paper-features';
import { applyPress } from '../../functions/core/relevance';
import type { Paper } from '../../functions/schemas/paper';
import { emptyRelevance, type RelevanceState, relevanceStateSchema } from '../../functions/schemas/relevance';

/**
 * Learned reader states for the speed benches: each made of `presses` More/Less presses on random papers,
 * so the profiles are full-size (the cap of terms and recent presses reached), as for a long-time reader.
 * Each is handed over as the sender has it: written in its stored form (JSON, as the item holds it),
 * read back and parsed through `relevanceStateSchema`, not the object the presses left in memory.
 */
export function learnedStates(papers: Paper[], count: number, presses: number, rand: () => number) {
  const features = papers.map(paperFeatures);
  return Array.from({ length: count }, (): RelevanceState => {
    let state = emptyRelevance();
    for (let k = 0; k < presses; k++) {
      const i = Math.floor(rand() * papers.length);
      const paper = papers[i] as Paper;
      state = applyPress(state, {
        paperId: paper.arxivId,
        kind: rand() < 0.6 ? 'more' : 'less',
        title: paper.title,
        features: features[i] as (typeof features)[number],
      });
    }
    return relevanceStateSchema.parse(JSON.parse(JSON.stringify(relevanceStateSchema.encode(state))));
  });
}
