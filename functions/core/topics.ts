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

/** `cs.CL`, `stat.ML`, `q-bio.NC`, `eess.AS`: an arXiv category id rather than a keyword. */
export const ARXIV_CATEGORY = /^[a-z-]+\.[A-Z]{2}$/;
