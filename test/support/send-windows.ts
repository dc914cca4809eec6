/** The most send stamps (ms) in any one-second window [t, t + 1000). */
export function maxInOneSecond(stamps: number[]): number {
  const s = [...stamps].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (j < s.length && (s[j] as number) < (s[i] as number) + 1000) j++;
    best = Math.max(best, j - i);
  }
  return best;
}
