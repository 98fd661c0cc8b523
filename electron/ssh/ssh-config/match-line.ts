/**
 * A `Match` line, evaluated as OpenSSH 9.2's match_cfg_line(): criteria all, canonical, final,
 * host, originalhost, user, localuser and exec, each negatable with `!`. `exec` would run a shell
 * command from the config; the app does not run it and takes the block as not matching.
 */
import { SshConfigError } from './config-error';
import { strdelim } from './config-line';
import { matchHostname, matchPatternList } from './host-patterns';
import { percentExpand } from './path-expansion';

export interface MatchContext {
  /** The host as given, before any HostName. */
  originalHost: string;
  /** The HostName found so far (the final host name in the final pass). */
  hostname: string | undefined;
  user: string | undefined;
  localUser: string;
  finalPass: boolean;
  file: string;
  line: number;
}

export interface MatchResult {
  matched: boolean;
  /** The line asked for the final pass (`final`). */
  wantsFinalPass: boolean;
  /** The line holds an `exec` that decided the outcome; it was not run. */
  skippedExec: boolean;
}

export function evaluateMatch(text: string, context: MatchContext): MatchResult {
  const fail = (detail: string): never => {
    throw new SshConfigError(context.file, context.line, detail);
  };
  const host = context.finalPass
    ? (context.hostname ?? context.originalHost)
    : context.hostname === undefined
      ? context.originalHost
      : percentExpand(context.hostname, { h: context.originalHost }, null);
  const user = context.user ?? context.localUser;
  let result = true;
  let attributes = 0;
  let wantsFinalPass = false;
  let skippedExec = false;
  let rest: string | null = text;
  for (;;) {
    const next = strdelim(rest);
    const attribute = next.token;
    rest = next.rest;
    if (attribute === null || attribute === '') break;
    if (attribute.startsWith('#')) {
      rest = null;
      break;
    }
    const negate = attribute.startsWith('!');
    const name = (negate ? attribute.slice(1) : attribute).toLowerCase();
    if (name === 'all') {
      const after = strdelim(rest);
      rest = after.rest;
      // OpenSSH lets `all` follow one other attribute; only a second one is refused.
      if (attributes > 1 || (after.token !== null && after.token !== '' && !after.token.startsWith('#'))) {
        fail(`'${attribute}' cannot be combined with other Match attributes`);
      }
      if (after.token?.startsWith('#') === true) rest = null;
      if (result) result = !negate;
      return finish();
    }
    attributes++;
    if (name === 'canonical' || name === 'final') {
      if (name === 'final') wantsFinalPass = true;
      if (context.finalPass === negate) result = false;
      continue;
    }
    const argument = strdelim(rest);
    rest = argument.rest;
    const pattern = argument.token;
    if (pattern === null || pattern === '' || pattern.startsWith('#')) return fail(`Missing Match criteria for ${name}`);
    let matched: boolean;
    if (name === 'host') matched = matchHostname(host, pattern) === 1;
    else if (name === 'originalhost') matched = matchHostname(context.originalHost, pattern) === 1;
    else if (name === 'user') matched = matchPatternList(user, pattern, false) === 1;
    else if (name === 'localuser') matched = matchPatternList(context.localUser, pattern, false) === 1;
    else if (name === 'exec') {
      // ssh skips the command once an earlier criterion failed; otherwise it would decide the match.
      if (!result) continue;
      skippedExec = true;
      result = false;
      continue;
    } else return fail(`Unsupported Match attribute ${name}`);
    if (matched === negate) result = false;
  }
  if (attributes === 0) fail('One or more attributes required for Match');
  return finish();

  function finish(): MatchResult {
    // Anything left unread is an extra argument, which ssh refuses.
    if (rest !== null && rest !== '') fail('keyword match extra arguments at end of line');
    return { matched: result, wantsFinalPass, skippedExec };
  }
}
