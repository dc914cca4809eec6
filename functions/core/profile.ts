import type { Paper } from '../schemas/paper';
import { DEFAULT_DIGEST_SIZE, type DigestSize, type FeedbackEntry, PROFILE_LIMITS } from '../schemas/profile';
import type { Subscriber } from '../schemas/subscriber';
import { matchesTopics } from './edition';
import { type EditionRanking, type SelectedPaper, why } from './selection';

/** The profile with its defaults applied (items written before issue 10 hold none of these fields). */
export interface Profile {
  excludes: string[];
  followedAuthors: string[];
  followedOrganizations: string[];
  digestSize: DigestSize;
  feedback: FeedbackEntry[];
}

export function profileOf(s: Partial<Pick<Subscriber, keyof Profile>>): Profile {
  return {
    excludes: s.excludes ?? [],
    followedAuthors: s.followedAuthors ?? [],
    followedOrganizations: s.followedOrganizations ?? [],
    digestSize: s.digestSize ?? DEFAULT_DIGEST_SIZE,
    feedback: s.feedback ?? [],
  };
}

/**
 * A name as compared for follows: accents, case, punctuation and spacing do not count
 * ("Yann LeCun" = "yann  lecun", "Zoë" = "Zoe", "Google-DeepMind" = "google deepmind").
 */
export const normalizeName = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** A paper matching any excluded keyword (matched like topics: words/phrases, arXiv categories) is never sent. */
export const isExcluded = (paper: Paper, excludes: readonly string[]) =>
  excludes.length > 0 && matchesTopics(paper, [...excludes]);

/** Normalised follows, built once per reader (not once per paper). */
export interface FollowSet {
  authors: Map<string, string>;
  organizations: Map<string, string>;
}

export function followSetOf(p: Pick<Profile, 'followedAuthors' | 'followedOrganizations'>): FollowSet {
  const index = (names: string[]) => new Map(names.map((n) => [normalizeName(n), n] as const));
  return { authors: index(p.followedAuthors), organizations: index(p.followedOrganizations) };
}

/** The followed author or organisation of this paper (as the reader wrote it), if any. */
export function followedIn(paper: Paper, follows: FollowSet): string | undefined {
  if (follows.authors.size > 0)
    for (const a of paper.authors) {
      const hit = follows.authors.get(normalizeName(a));
      if (hit) return hit;
    }
  if (follows.organizations.size > 0 && paper.organization)
    return follows.organizations.get(normalizeName(paper.organization));
  return undefined;
}

/**
 * The feedback list after one press: newest first, one entry per paper (a second press on a paper
 * replaces the first), at most `PROFILE_LIMITS.feedback` entries.
 */
export function withFeedback(list: readonly FeedbackEntry[], entry: FeedbackEntry): FeedbackEntry[] {
  return [entry, ...list.filter((f) => f.paperId !== entry.paperId)].slice(0, PROFILE_LIMITS.feedback);
}

/** The feedback list without the press on this paper ("undo"). */
export const withoutFeedback = (list: readonly FeedbackEntry[], paperId: string) =>
  list.filter((f) => f.paperId !== paperId);

/** A selected paper, and the followed author/organisation that put it first (the "From people you follow" part). */
export type ProfileSelected = SelectedPaper & { followed?: string };

/** How many of the first papers came from follows (they open the digest, in a section of their own). */
export function followedCount(picked: readonly ProfileSelected[]): number {
  let n = 0;
  while (n < picked.length && picked[n]?.followed) n++;
  return n;
}

/**
 * The profile around the one selection (`core/selection.selectForReader`, given as `select(topN)`):
 * excluded papers never appear; papers of followed authors/organisations come first, in the edition's
 * order, whatever the topics; then the selection's own order; at most the reader's digest size in all
 * (a reader who never chose one gets `defaultSize`, the operator's `DIGEST_TOP_N`). Without excludes
 * or follows this is `select(size)` itself.
 */
export function selectWithProfile(
  ranking: EditionRanking,
  reader: Partial<Pick<Subscriber, keyof Profile>> & { seen?: ReadonlySet<string> },
  defaultSize: number,
  select: (topN: number) => SelectedPaper[],
): ProfileSelected[] {
  const p = profileOf(reader);
  const size = reader.digestSize ?? defaultSize;
  const follows = followSetOf(p);
  const following = follows.authors.size > 0 || follows.organizations.size > 0;
  if (!following && p.excludes.length === 0) return select(size);
  // Each paper once (issue 11's seen set) applies to followed papers too.
  const allowed = (paper: Paper) => !reader.seen?.has(paper.arxivId) && !isExcluded(paper, p.excludes);
  const first: ProfileSelected[] = [];
  if (following)
    for (const { paper } of ranking.papers) {
      if (first.length >= size) break;
      const name = followedIn(paper, follows);
      if (name && allowed(paper)) first.push({ paper, why: why.followed(name), followed: name });
    }
  const taken = new Set(first.map((f) => f.paper.arxivId));
  const rest = select(ranking.papers.length).filter((s) => !taken.has(s.paper.arxivId) && allowed(s.paper));
  return [...first, ...rest].slice(0, size);
}
