/**
 * One line of an ssh_config file, split exactly as OpenSSH 9.2 splits it (readconf.c): the keyword
 * by strdelim() (whitespace or a single `=`), the arguments by argv_split() (single and double
 * quotes, backslash escapes, `#` starting a word ends the line).
 *
 * Why not the npm package ssh-config (MIT, maintained): it splits differently, and the difference
 * changes values ssh -G shows. It keeps single quotes (`'a b'`), cuts `~/k#1` at the `#`, accepts a
 * keyword without a value or with extra ones, and its errors name no line. Its compute() has no
 * Include, tokens, system config or final pass either, so only its splitter would have been used.
 */
import { SshConfigError } from './config-error';

export interface ConfigLine {
  /** Lowercased, as OpenSSH compares keywords. */
  keyword: string;
  /** The text after the keyword and its separator: ProxyJump, ProxyCommand and Match read this raw. */
  rest: string;
  args: string[];
}

const WHITESPACE = ' \t\r\n';

export interface Delimited {
  token: string | null;
  /** null once the text is used up. */
  rest: string | null;
}

/** The next token as OpenSSH's strdelim(): up to whitespace or one `=`; a double-quoted part is kept whole. */
export function strdelim(text: string | null): Delimited {
  if (text === null) return { token: null, rest: null };
  let at = 0;
  while (at < text.length && !`${WHITESPACE}"=`.includes(text.charAt(at))) at++;
  if (at === text.length) return { token: text, rest: null };
  if (text[at] === '"') {
    const unquoted = text.slice(0, at) + text.slice(at + 1);
    const close = unquoted.indexOf('"', at);
    if (close < 0) return { token: null, rest: null };
    return { token: unquoted.slice(0, close), rest: skipWhitespace(unquoted.slice(close + 1)) };
  }
  let rest = skipWhitespace(text.slice(at + 1));
  // One `=` may stand between keyword and value, with or without whitespace around it.
  if (text[at] !== '=' && rest.startsWith('=')) rest = skipWhitespace(rest.slice(1));
  return { token: text.slice(0, at), rest };
}

/** Arguments as OpenSSH's argv_split(s, terminate_on_comment=1); null when a quote is left open. */
export function splitArguments(text: string): string[] | null {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    const first = text[i];
    if (first === ' ' || first === '\t') {
      i++;
      continue;
    }
    if (first === '#') break;
    let quote = '';
    let arg = '';
    for (; i < text.length; i++) {
      const c = text.charAt(i);
      const next = text.charAt(i + 1);
      if (c === '\\') {
        if (next === "'" || next === '"' || next === '\\' || (quote === '' && next === ' ')) {
          arg += next;
          i++;
        } else {
          arg += c;
        }
      } else if (quote === '' && (c === ' ' || c === '\t')) {
        break;
      } else if (quote === '' && (c === '"' || c === "'")) {
        quote = c;
      } else if (quote !== '' && c === quote) {
        quote = '';
      } else {
        arg += c;
      }
    }
    if (quote !== '') return null;
    args.push(arg);
  }
  return args;
}

/** The line's keyword and arguments, or null for a blank line or a comment. */
export function parseConfigLine(raw: string, file: string, line: number): ConfigLine | null {
  const text = raw.replace(/[ \t\r\n\f]+$/, '');
  let { token: keyword, rest } = strdelim(text);
  if (keyword === '') ({ token: keyword, rest } = strdelim(rest));
  if (keyword === null || keyword === '' || keyword.startsWith('#')) return null;
  const lowered = asciiLowercase(keyword);
  const remainder = rest === null ? '' : skipWhitespace(rest);
  if (remainder === '') throw new SshConfigError(file, line, `no argument after keyword "${lowered}"`);
  const args = splitArguments(remainder);
  if (args === null) throw new SshConfigError(file, line, 'invalid quotes');
  return { keyword: lowered, rest: remainder, args };
}

/** OpenSSH lowercases bytes in the C locale: ASCII letters only. */
export function asciiLowercase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function skipWhitespace(text: string): string {
  let i = 0;
  while (i < text.length && WHITESPACE.includes(text.charAt(i))) i++;
  return text.slice(i);
}
