import { rankPapers } from '../../functions/core/edition';
import { paperFeatures } from '../../functions/core/paper-features';
import { applyPress } from '../../functions/core/relevance';
import { prepareRanking, selectForReader } from '../../functions/core/selection';
import type { Paper } from '../../functions/schemas/paper';
import { emptyRelevance, type RelevanceState } from '../../functions/schemas/relevance';
import { seededRandom } from '../../test/support/random';

/**
 * The relevance bench's simulated readers (`bench/relevance.bench.ts`): each has a hidden interest the
 * product never sees (phrases no topic of the vocabulary names, matched on title, abstract and AI
 * keywords), starts with the interest's coarse topic or none, gets each day's digest through
 * `selectForReader` (the sender's function) and presses on ENGAGEMENT of the papers shown: "More" when the
 * paper matches the hidden interest, "Less" when it does not.
 */

/** A hidden interest: the phrases that make a paper a match, and the vocabulary topic a reader would tick for it. */
export interface Interest {
  name: string;
  pattern: RegExp;
  coarse: string;
}

/** The digest's size, and the share of shown papers a reader presses on. */
export const [TOP_N, ENGAGEMENT] = [10, 0.3] as const;

/** 26 rare interests (0.5–13 % of the papers) and 4 broad ones (a fifth of the papers or more). */
export const INTERESTS: Interest[] = [
  { name: 'mixture of experts', pattern: /mixture[- ]of[- ]experts|\bmoe\b/, coarse: 'llm' },
  {
    name: 'GUI and web agents',
    pattern: /\bgui\b|web agent|computer[- ]use|web navigation/,
    coarse: 'agents',
  },
  { name: 'mathematics', pattern: /\bmath|theorem|olympiad/, coarse: 'reasoning' },
  {
    name: 'image generation and editing',
    pattern: /text-to-image|image generation|image editing/,
    coarse: 'diffusion',
  },
  { name: 'world models', pattern: /world model/, coarse: 'video' },
  { name: 'tokenizers', pattern: /tokeniz/, coarse: 'llm' },
  { name: 'long context', pattern: /long[- ]context|context window/, coarse: 'llm' },
  { name: 'KV cache', pattern: /kv[- ]cache|key-value cache/, coarse: 'efficiency' },
  { name: 'reward models', pattern: /reward model|process reward|\bprm\b/, coarse: 'reinforcement-learning' },
  { name: 'molecules and materials', pattern: /protein|molecul|chemi|material science/, coarse: 'medical' },
  { name: 'hallucination', pattern: /hallucinat/, coarse: 'multimodal' },
  { name: 'multilingual', pattern: /multilingual|low-resource|cross-lingual/, coarse: 'nlp' },
  { name: 'time series', pattern: /time[- ]series|forecast/, coarse: 'benchmarks' },
  { name: 'recommendation', pattern: /recommend/, coarse: 'retrieval' },
  { name: 'driving', pattern: /autonomous driving|driving/, coarse: 'vision' },
  {
    name: 'avatars and human motion',
    pattern: /avatar|human motion|talking[- ]head|portrait/,
    coarse: 'video',
  },
  { name: 'documents and charts', pattern: /\bocr\b|document|chart/, coarse: 'multimodal' },
  { name: 'test-time scaling', pattern: /test-time|inference-time scaling/, coarse: 'reasoning' },
  {
    name: 'GRPO and verifiable rewards',
    pattern: /grpo|verifiable reward|rlvr/,
    coarse: 'reinforcement-learning',
  },
  { name: 'synthetic data', pattern: /synthetic data|data curation|data selection/, coarse: 'llm' },
  { name: 'interpretability', pattern: /interpretab|sparse autoencoder|mechanistic/, coarse: 'safety' },
  {
    name: 'privacy, unlearning, watermarks',
    pattern: /privacy|federated|unlearning|watermark/,
    coarse: 'safety',
  },
  { name: 'quantization', pattern: /quantiz/, coarse: 'efficiency' },
  { name: 'music', pattern: /music|song/, coarse: 'audio' },
  { name: 'Gaussian splatting', pattern: /gaussian splatting|3dgs/, coarse: '3d' },
  { name: 'robot manipulation', pattern: /manipulation|grasp/, coarse: 'robotics' },
  // Broad ones (a fifth of the papers or more).
  { name: 'new datasets', pattern: /\bdatasets?\b/, coarse: 'benchmarks' },
  { name: 'post-training', pattern: /post-train|fine-tun|preference optimization|reward/, coarse: 'llm' },
  { name: 'generative models', pattern: /\bgenerat/, coarse: 'diffusion' },
  { name: 'inference cost', pattern: /inference|latency|throughput|memory/, coarse: 'efficiency' },
];
/** The broad interests: they hold most of the pooled gap, so each seed set says how many of them start with a topic. */
export const BROAD = new Set(INTERESTS.slice(-4).map((i) => i.name));

export type Arm = 'popularity' | 'keyword' | 'learned' | 'oracle';
export const ARMS: Arm[] = ['popularity', 'keyword', 'learned', 'oracle'];

/** `A-B[,C-D…]`: each range is one seed set; reader k of a set gets seed A + k and interest k (mod the list). */
export function seedSetsOf(spec: string): number[][] {
  return spec.split(',').map((range) => {
    const m = /^(\d+)-(\d+)$/.exec(range.trim());
    if (!m) throw new Error(`--relevance-seeds must look like 10000-10029[,20251-20280…], not "${spec}"`);
    const [from, to] = [Number(m[1]), Number(m[2])];
    if (to < from || to - from >= 1000)
      throw new Error(`--relevance-seeds: ${range} is not a range of 1 to 1000 seeds`);
    return Array.from({ length: to - from + 1 }, (_, k) => from + k);
  });
}

export interface ReaderResult {
  interest: Interest;
  startTopics: string[];
  /** precision@10 per arm, per day. */
  days: Record<Arm, number[]>;
  /** Share of all papers matching the hidden interest. */
  share: number;
}

export interface SetResult {
  seeds: number[];
  readers: ReaderResult[];
  presses: number;
  shown: number;
  shownTwice: number;
}

const text = (p: Paper) => [p.title, p.abstract, ...(p.aiKeywords ?? [])].join('\n').toLowerCase();

/**
 * One seed set over the days. A reader's first random draw decides whether they start with their
 * interest's coarse topic (half of them, by chance: each set has its own mix), the rest decide presses.
 */
export function simulate(days: { papers: Paper[] }[], seeds: number[]): SetResult {
  const readers = seeds.map((seed, k) => {
    const interest = INTERESTS[k % INTERESTS.length] as Interest;
    const rand = seededRandom(seed);
    return {
      interest,
      startTopics: rand() < 0.5 ? [interest.coarse] : [],
      rand,
      state: emptyRelevance() as RelevanceState,
      seen: new Set<string>(),
      result: { popularity: [], keyword: [], learned: [], oracle: [] } as Record<Arm, number[]>,
      hits: 0,
      papers: 0,
    };
  });
  let presses = 0;
  let shown = 0;
  let shownTwice = 0;
  for (const { papers } of days) {
    const ranked = rankPapers(papers);
    const ranking = prepareRanking(ranked, 'daily'); // once per edition, for every reader
    const features = new Map<string, ReturnType<typeof paperFeatures>>();
    const featuresOf = (p: Paper) => {
      let f = features.get(p.arxivId);
      if (!f) {
        f = paperFeatures(p);
        features.set(p.arxivId, f);
      }
      return f;
    };
    const texts = ranked.map(text);
    const popular = selectForReader(ranking, { topics: [] }, TOP_N);
    for (const r of readers) {
      const hits = new Set(
        ranked.filter((_, i) => r.interest.pattern.test(texts[i] as string)).map((p) => p.arxivId),
      );
      r.hits += hits.size;
      r.papers += ranked.length;
      const p10 = (picked: { paper: Paper }[]) =>
        picked.filter((s) => hits.has(s.paper.arxivId)).length / TOP_N;
      // The sender's selection, each paper once (issue 11's seen set: what this reader was shown before).
      const digest = selectForReader(
        ranking,
        { topics: r.startTopics, relevance: r.state, seen: r.seen },
        TOP_N,
      );
      r.result.popularity.push(p10(popular));
      r.result.keyword.push(p10(selectForReader(ranking, { topics: [r.interest.coarse] }, TOP_N)));
      r.result.learned.push(p10(digest));
      r.result.oracle.push(Math.min(TOP_N, hits.size) / TOP_N);
      for (const { paper } of digest) {
        if (r.seen.has(paper.arxivId)) shownTwice++;
        r.seen.add(paper.arxivId);
        shown++;
        if (r.rand() >= ENGAGEMENT) continue;
        presses++;
        r.state = applyPress(r.state, {
          paperId: paper.arxivId,
          kind: hits.has(paper.arxivId) ? 'more' : 'less',
          title: paper.title,
          features: featuresOf(paper),
        });
      }
    }
  }
  return {
    seeds,
    readers: readers.map((r) => ({
      interest: r.interest,
      startTopics: r.startTopics,
      days: r.result,
      share: r.hits / r.papers,
    })),
    presses,
    shown,
    shownTwice,
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The figures of a set after `warm` days: each arm's mean precision, and the gap closed pooled / per reader. */
export function summary(set: SetResult, warm: number) {
  const arm = (a: Arm) => mean(set.readers.flatMap((r) => r.days[a].slice(warm)));
  const [popularity, keyword, learned, oracle] = ARMS.map(arm) as [number, number, number, number];
  const closedOf = set.readers.flatMap((r) => {
    const m = (a: Arm) => mean(r.days[a].slice(warm));
    const gap = m('oracle') - m('popularity');
    return gap > 0 ? [(m('learned') - m('popularity')) / gap] : [];
  });
  const sorted = [...closedOf].sort((a, b) => a - b);
  return {
    popularity,
    keyword,
    learned,
    oracle,
    pooled: (learned - popularity) / (oracle - popularity),
    mean: mean(closedOf),
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    /** Readers whose learned digest did worse than popularity. */
    worse: closedOf.filter((c) => c < 0).length,
  };
}
