/**
 * Include patterns expanded as glob(3) with GLOB_TILDE expands them for ssh: `*`, `?` and `[…]`
 * per path segment, names starting with a dot only for a pattern segment that starts with one,
 * results sorted, and a pattern without wildcards kept only when that path exists.
 */
import { lstat, readdir } from 'node:fs/promises';

export async function expandGlob(pattern: string, home: string): Promise<string[]> {
  const path = pattern === '~' || pattern.startsWith('~/') ? home + pattern.slice(1) : pattern;
  const absolute = path.startsWith('/');
  const segments = path.split('/').filter((segment) => segment !== '');
  let found = [absolute ? '/' : ''];
  for (const segment of segments) {
    const next: string[] = [];
    for (const base of found) {
      if (!hasWildcard(segment)) {
        next.push(joinPath(base, unescape(segment)));
        continue;
      }
      const matcher = segmentMatcher(segment);
      for (const name of await listDir(base === '' ? '.' : base)) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (matcher.test(name)) next.push(joinPath(base, name));
      }
    }
    found = next;
  }
  const existing: string[] = [];
  for (const candidate of found) if (await exists(candidate)) existing.push(candidate);
  return existing.sort();
}

function hasWildcard(segment: string): boolean {
  return /(^|[^\\])[*?[]/.test(segment);
}

/** One segment of a glob as a regular expression, following fnmatch(3). */
function segmentMatcher(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charAt(i);
    if (c === '\\' && i + 1 < segment.length) source += escapeRegExp(segment.charAt(++i));
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const close = bracketEnd(segment, i);
      if (close < 0) source += '\\[';
      else {
        let body = segment.slice(i + 1, close);
        const negated = body.startsWith('!') || body.startsWith('^');
        if (negated) body = body.slice(1);
        source += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = close;
      }
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 's');
}

/** Where a `[` class ends (a `]` right after `[` or `[!` belongs to the class), or -1. */
function bracketEnd(segment: string, open: number): number {
  let i = open + 1;
  if (segment.charAt(i) === '!' || segment.charAt(i) === '^') i++;
  if (segment.charAt(i) === ']') i++;
  const close = segment.indexOf(']', i);
  return close;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function unescape(segment: string): string {
  return segment.replace(/\\(.)/g, '$1');
}

function joinPath(base: string, name: string): string {
  return base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
