/**
 * OpenSSH's wildcard matching (match.c), shared by Host and Match lines and by known_hosts: `*` and
 * `?` only, case-sensitive unless the caller lowercases; lists are comma-separated and a `!` entry
 * that matches vetoes the whole list.
 */
import { asciiLowercase } from './config-line';

/** True when `text` matches `pattern` as a whole. */
function matchPattern(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  // Where to resume after the last `*`: the pattern just past it and the text it may swallow next.
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern.charAt(p);
    if (p < pattern.length && pc === '*') {
      starP = ++p;
      starT = t;
    } else if (p < pattern.length && (pc === '?' || pc === text.charAt(t))) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern.charAt(p) === '*') p++;
  return p === pattern.length;
}

/** 1 for a match, -1 when a negated entry matches, 0 for none (match_pattern_list). */
export function matchPatternList(text: string, list: string, lowercasePatterns: boolean): -1 | 0 | 1 {
  let positive = false;
  for (const entry of list.split(',')) {
    const negated = entry.startsWith('!');
    const pattern = negated ? entry.slice(1) : entry;
    if (!matchPattern(text, lowercasePatterns ? asciiLowercase(pattern) : pattern)) continue;
    if (negated) return -1;
    positive = true;
  }
  return positive ? 1 : 0;
}

/** A host name against a pattern list, both compared in lowercase (match_hostname). */
export function matchHostname(host: string, list: string): -1 | 0 | 1 {
  return matchPatternList(asciiLowercase(host), list, true);
}

/** Whether a Host line's patterns select `host`: any positive pattern matches and no negated one does. */
export function hostLineMatches(host: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const arg of patterns) {
    const negated = arg.startsWith('!');
    if (!matchPattern(host, negated ? arg.slice(1) : arg)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}
