/**
 * Where to connect, as a person types it: `alias`, `user@host`, `host:port`, `[v6addr]:port`,
 * `ssh://user@host:port`. The rules are OpenSSH's parse_uri() and parse_user_host_port(), which
 * ProxyJump hops use too, plus the checks ssh makes on a command-line host and user.
 */
export interface SshTarget {
  user: string | null;
  host: string;
  port: number | null;
}

/** A command-line style target; throws an Error saying what is wrong with it. */
export function parseTarget(text: string): SshTarget {
  const uri = parseSshUri(text);
  const target = uri === undefined ? (parseUserHostPort(text) ?? bareIpv6(text)) : uri;
  if (target === null) throw new Error(`"${text}" is not a host: use alias, user@host, host:port, [address]:port or ssh://user@host:port`);
  if (!validHostname(target.host)) throw new Error(`"${target.host}" contains characters a host name cannot have`);
  if (target.user !== null && !validUser(target.user)) throw new Error(`"${target.user}" contains characters a user name cannot have`);
  return target;
}

/**
 * `ssh://[user[;params]@]host[:port]` without a path; undefined when it is not an ssh URI at all,
 * null when it is one but malformed.
 */
export function parseSshUri(text: string): SshTarget | null | undefined {
  if (!text.startsWith('ssh://')) return undefined;
  let rest = text.slice('ssh://'.length);
  let user: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    // Connection parameters after `;` are ignored, as OpenSSH ignores them.
    const encoded = rest.slice(0, at).split(';')[0] ?? '';
    if (encoded === '') return null;
    user = urlDecode(encoded);
    if (user === null) return null;
    rest = rest.slice(at + 1);
  }
  const split = splitHostPort(rest, true);
  if (split === null) return null;
  const host = cleanHostname(split.host);
  if (!validDomain(host)) return null;
  let port: number | null = null;
  if (split.rest !== null && split.rest !== '') {
    if (split.delimiter !== ':') return null; // a path: ssh refuses ssh:// URIs with one
    const [portText, ...path] = split.rest.split('/');
    if (path.length > 0 && path.join('/') !== '') return null;
    port = parsePort(portText ?? '');
    if (port === null || port === 0) return null;
  }
  // valid_domain() drops one trailing dot: `ssh://example.com.` names example.com.
  return { user, host: host.replace(/\.$/, ''), port };
}

/** `[user@]host[:port]`, with `[address]` for an address holding colons; null when malformed. */
export function parseUserHostPort(text: string): SshTarget | null {
  let rest = text;
  let user: string | null = null;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    if (at === 0) return null;
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  const split = splitHostPort(rest, false);
  if (split === null || split.host === '') return null;
  let port: number | null = null;
  if (split.rest !== null && split.rest !== '') {
    port = parsePort(split.rest);
    if (port === null || port === 0) return null;
  }
  return { user, host: cleanHostname(split.host), port };
}

/** A port number 1–65535 (`0` is reported as 0 for callers that refuse it themselves), or null. */
export function parsePort(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/** ssh's check on a host name given on its command line (ssh_valid_hostname). */
function validHostname(host: string): boolean {
  return !host.startsWith('-') && !/['`"$\\;&<>|(){},\s\p{Cc}]/u.test(host);
}

/** ssh's check on a user name given on its command line (ssh_valid_ruser). */
function validUser(user: string): boolean {
  return !user.startsWith('-') && !/['`";&<>|(){}\p{Cc}]|\s-|\\$/u.test(user);
}

interface HostPortSplit {
  host: string;
  rest: string | null;
  delimiter: ':' | '/' | null;
}

/** OpenSSH's hpdelim2(): the host (bracketed or up to `:` or `/`) and what follows the delimiter. */
function splitHostPort(text: string, allowSlash: boolean): HostPortSplit | null {
  let end: number;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return null;
    end = close + 1;
  } else {
    end = text.search(/[:/]/);
    if (end < 0) end = text.length;
  }
  if (end === text.length) return { host: text, rest: null, delimiter: null };
  const delimiter = text.charAt(end);
  if (delimiter !== ':' && delimiter !== '/') return null;
  if (delimiter === '/' && !allowSlash) return null;
  return { host: text.slice(0, end), rest: text.slice(end + 1), delimiter };
}

/** An IPv6 address typed without brackets (`::1`): OpenSSH's command line takes it as a host. */
function bareIpv6(text: string): SshTarget | null {
  const at = text.lastIndexOf('@');
  const host = text.slice(at + 1);
  if (at === 0 || (host.match(/:/g) ?? []).length < 2 || host.includes('[')) return null;
  return { user: at > 0 ? text.slice(0, at) : null, host, port: null };
}

function cleanHostname(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** valid_domain(): letters, digits, `-`, `_` and single dots, starting with a letter or digit. */
function validDomain(host: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(host) && !host.includes('..');
}

function urlDecode(text: string): string | null {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '+') out += ' ';
    else if (c === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex) || hex === '00') return null;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else out += c;
  }
  return out;
}
