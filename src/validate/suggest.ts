import { distance } from 'fastest-levenshtein';

const normalise = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');

/** The closest candidate, if it is close enough to be a plausible typo or a different spelling. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const n = normalise(word);
  const same = candidates.find((c) => normalise(c) === n);
  if (same) return same;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(n, normalise(c));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(n.length / 3)) ? best : undefined;
}

/** Like closest, for long paths: the nearest by edit distance whatever it is, for "did you mean" on citations. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
