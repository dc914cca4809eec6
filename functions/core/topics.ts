/**
 * What each topic id of the `TOPICS` vocabulary (config) means when matching papers: a few keywords,
 * matched case-insensitively as whole words or phrases on title, abstract and AI keywords.
 * A topic that is not in this map is matched as a keyword itself; a topic shaped like an arXiv
 * category (`cs.CL`, `stat.ML`) is matched on the paper's categories instead.
 */
export const TOPIC_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  llm: ['llm', 'llms', 'large language model', 'large language models', 'language model', 'language models'],
  agents: ['agent', 'agents', 'agentic', 'multi-agent', 'tool use', 'tool-use'],
  reasoning: ['reasoning', 'chain-of-thought', 'chain of thought', 'math reasoning', 'theorem proving'],
  multimodal: ['multimodal', 'multi-modal', 'vision-language', 'mllm', 'mllms', 'vlm', 'vlms'],
  vision: ['computer vision', 'image', 'images', 'visual', 'vision', 'segmentation', 'object detection'],
  diffusion: ['diffusion', 'diffusion model', 'diffusion models', 'denoising', 'flow matching'],
  robotics: ['robot', 'robots', 'robotic', 'robotics', 'manipulation', 'embodied'],
  'reinforcement-learning': ['reinforcement learning', 'rl', 'rlhf', 'policy optimization', 'reward model'],
  nlp: ['natural language processing', 'nlp', 'text classification', 'machine translation', 'summarization'],
  speech: ['speech', 'asr', 'speech recognition', 'text-to-speech', 'tts', 'spoken'],
  audio: ['audio', 'music', 'sound'],
  video: ['video', 'videos', 'video generation', 'video understanding'],
  '3d': ['3d', 'point cloud', 'nerf', 'gaussian splatting', 'mesh', 'novel view synthesis'],
  code: ['code generation', 'coding', 'program synthesis', 'software engineering', 'code llm', 'code llms'],
  efficiency: [
    'efficient',
    'efficiency',
    'quantization',
    'pruning',
    'distillation',
    'sparse attention',
    'inference acceleration',
    'speculative decoding',
  ],
  safety: ['safety', 'jailbreak', 'jailbreaks', 'adversarial', 'red teaming', 'harmful'],
  alignment: ['alignment', 'rlhf', 'dpo', 'preference optimization', 'human feedback'],
  benchmarks: ['benchmark', 'benchmarks', 'evaluation', 'leaderboard'],
  retrieval: ['retrieval', 'rag', 'retrieval-augmented', 'search', 'dense retrieval'],
  medical: ['medical', 'clinical', 'healthcare', 'biomedical', 'radiology'],
};

/**
 * `cs.CL`, `stat.ML`, `q-bio.NC`, `eess.AS`: an arXiv category id rather than a keyword, in whatever case
 * the reader typed it. Only arXiv's archives count, so a keyword such as `node.js` stays a keyword.
 */
export const ARXIV_CATEGORY =
  /^(astro-ph|cond-mat|cs|econ|eess|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math|math-ph|nlin|nucl-ex|nucl-th|physics|q-bio|q-fin|quant-ph|stat)\.([a-z]{2})$/i;

/** The category as arXiv writes it (`cs.cl` → `cs.CL`), or undefined when `topic` is not one. */
export function arxivCategoryOf(topic: string): string | undefined {
  const m = ARXIV_CATEGORY.exec(topic.trim());
  return m ? `${(m[1] as string).toLowerCase()}.${(m[2] as string).toUpperCase()}` : undefined;
}

/**
 * The one stored form of a topic: the vocabulary's own spelling, an arXiv category as arXiv writes it,
 * otherwise the keyword lower-cased.
 */
export function canonicalTopic(topic: string, vocabulary: ReadonlyMap<string, string>): string {
  const t = topic.trim();
  return vocabulary.get(t.toLowerCase()) ?? arxivCategoryOf(t) ?? t.toLowerCase();
}

const TOPIC_LABELS: Record<string, string> = {
  llm: 'Large language models',
  nlp: 'NLP',
  '3d': '3D',
  'reinforcement-learning': 'Reinforcement learning',
};

/** A readable label for a topic slug: known ones by name, others by spelling out the slug. */
export function topicLabel(topic: string): string {
  const known = TOPIC_LABELS[topic];
  if (known) return known;
  const words = topic.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
