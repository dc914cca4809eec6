import type { Paper } from '../schemas/paper';
import { DEFAULT_DIGEST_SIZE, type DigestSize, type FeedbackEntry, PROFILE_LIMITS } from '../schemas/profile';
import type { Subscriber } from '../schemas/subscriber';
import { matchesTopics } from './edition';

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

/**
 * The reader's papers from an edition's ranked list, with the profile applied: excluded papers never
 * appear; papers of followed authors/organisations come first (in ranked order); the rest is the
 * topic selection (`select`, the sender's one selection function); at most the reader's digest size in
 * all (a reader who never chose one gets `defaultSize`, the operator's `DIGEST_TOP_N`).
 */
export function selectWithProfile(
  ranked: Paper[],
  reader: Pick<Subscriber, 'topics'> & Partial<Pick<Subscriber, keyof Profile>>,
  select: (ranked: Paper[], topics: string[], topN: number) => Paper[],
  defaultSize: number,
): { paper: Paper; followed?: string }[] {
  const p = { ...profileOf(reader), digestSize: reader.digestSize ?? defaultSize };
  const allowed = p.excludes.length ? ranked.filter((paper) => !isExcluded(paper, p.excludes)) : ranked;
  const follows = followSetOf(p);
  const followed: { paper: Paper; followed?: string }[] = [];
  if (follows.authors.size || follows.organizations.size)
    for (const paper of allowed) {
      if (followed.length >= p.digestSize) break;
      const name = followedIn(paper, follows);
      if (name) followed.push({ paper, followed: name });
    }
  const taken = new Set(followed.map((f) => f.paper));
  const rest = select(
    taken.size ? allowed.filter((paper) => !taken.has(paper)) : allowed,
    reader.topics,
    p.digestSize - followed.length,
  );
  return [...followed, ...rest.map((paper) => ({ paper }))];
}
