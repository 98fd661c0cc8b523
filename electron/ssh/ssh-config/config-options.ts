/**
 * The values a config walk collects, and how each keyword we read sets them. As in OpenSSH, the
 * first value obtained wins (later lines only fill what is still unset), IdentityFile accumulates,
 * and a line's value is checked even where its block does not apply, because ssh refuses a config
 * with a bad value anywhere in it.
 */
import { SshConfigError } from './config-error';
import type { ConfigLine } from './config-line';
import { KNOWN_KEYWORDS } from './keywords';
import { matchPatternList } from './host-patterns';
import { parsePort, parseSshUri, parseUserHostPort } from './ssh-target';
import type { Environment } from './path-expansion';

export interface JumpSpec {
  user: string | null;
  host: string;
  port: number | null;
}

export type StrictHostKeyChecking = 'yes' | 'ask' | 'accept-new' | 'off';

export interface ConfigOptions {
  user?: string;
  hostname?: string;
  port?: number;
  /** In order, without repeats; `fromUserConfig` keeps a path given in both configs twice, as ssh does. */
  identityFiles: { path: string; fromUserConfig: boolean }[];
  identitiesOnly?: boolean;
  identityAgent?: string;
  /** ProxyJump `none` is kept as 'none' so that it still wins over a later ProxyJump. */
  jump?: JumpSpec[] | 'none';
  proxyCommand?: string;
  userKnownHostsFiles?: string[];
  globalKnownHostsFiles?: string[];
  strictHostKeyChecking?: StrictHostKeyChecking;
  hashKnownHosts?: boolean;
  hostKeyAlias?: string;
  connectTimeoutSeconds?: number;
  serverAliveIntervalSeconds?: number;
  batchMode?: boolean;
  preferredAuthentications?: string;
  passwordAuthentication?: boolean;
  kbdInteractiveAuthentication?: boolean;
  pubkeyAuthentication?: boolean;
  canonicalizeHostname?: boolean;
  ignoreUnknown?: string;
}

export interface LineContext {
  file: string;
  line: number;
  /** Whether the current Host/Match block applies: values are checked either way, kept only then. */
  active: boolean;
  fromUserConfig: boolean;
  env: Environment;
}

/** Applies one option line (anything but Host, Match and Include). */
export function applyOption(options: ConfigOptions, line: ConfigLine, at: LineContext): void {
  const fail = (detail: string): never => {
    throw new SshConfigError(at.file, at.line, detail);
  };
  const { keyword, args } = line;
  if (!KNOWN_KEYWORDS.has(keyword)) {
    if (options.ignoreUnknown !== undefined && matchPatternList(keyword, options.ignoreUnknown, true) === 1) return;
    fail(`Bad configuration option: ${keyword}`);
  }
  const handler = HANDLERS[keyword];
  if (handler === undefined) return; // a keyword whose value nothing here uses
  const reader = new ArgumentReader(args, keyword, fail);
  handler(options, reader, at, line.rest);
  reader.end();
}

type Handler = (options: ConfigOptions, args: ArgumentReader, at: LineContext, rest: string) => void;

class ArgumentReader {
  private next = 0;
  constructor(
    private readonly args: readonly string[],
    readonly keyword: string,
    readonly fail: (detail: string) => never,
  ) {}

  /** The next argument, which must be there and not be empty. */
  one(): string {
    const arg = this.args[this.next++];
    if (arg === undefined || arg === '') this.fail('Missing argument.');
    return arg;
  }

  rest(): string[] {
    const rest = this.args.slice(this.next);
    this.next = this.args.length;
    return rest;
  }

  /** Everything was read: ssh refuses extra arguments. */
  end(): void {
    if (this.next < this.args.length) this.fail(`keyword ${this.keyword} extra arguments at end of line`);
  }
}

const FLAG: Readonly<Record<string, boolean>> = { true: true, false: false, yes: true, no: false };
const STRICT: Readonly<Record<string, StrictHostKeyChecking>> = {
  true: 'yes',
  yes: 'yes',
  false: 'off',
  no: 'off',
  off: 'off',
  ask: 'ask',
  'accept-new': 'accept-new',
};
// Any value but no turns public keys on: unbound and host-bound only change how the signature is bound.
const PUBKEY: Readonly<Record<string, boolean>> = { ...FLAG, unbound: true, 'host-bound': true };
const CANONICALIZE: Readonly<Record<string, boolean>> = { ...FLAG, always: true };

function choice<T>(table: Readonly<Record<string, T>>, args: ArgumentReader): T {
  const arg = args.one();
  const value = table[arg.toLowerCase()];
  return value === undefined ? args.fail(`unsupported option "${arg}".`) : value;
}

function flagOption(key: BooleanKey, table: Readonly<Record<string, boolean>> = FLAG): Handler {
  return (options, args, at) => {
    const value = choice(table, args);
    if (at.active && options[key] === undefined) options[key] = value;
  };
}

function stringOption(key: StringKey): Handler {
  return (options, args, at) => {
    const value = args.one();
    if (at.active && options[key] === undefined) options[key] = value;
  };
}

function timeOption(key: 'connectTimeoutSeconds' | 'serverAliveIntervalSeconds'): Handler {
  return (options, args, at) => {
    const arg = args.one();
    // `none` stores ssh's "unset" marker, so a later line may still set a time.
    if (arg === 'none') return;
    const seconds = parseTime(arg);
    if (seconds === null) return args.fail('invalid time value.');
    if (at.active && options[key] === undefined) options[key] = seconds;
  };
}

function knownHostsOption(key: 'userKnownHostsFiles' | 'globalKnownHostsFiles'): Handler {
  return (options, args, at) => {
    const files = args.rest();
    if (files.length === 0) args.fail('Missing argument.');
    files.forEach((file, i) => {
      if (file === '') args.fail(`keyword ${args.keyword} empty argument`);
      if (file.toLowerCase() === 'none' && (i > 0 || files.length > 1)) args.fail(`keyword ${args.keyword} "none" argument must appear alone.`);
    });
    if (!at.active || options[key] !== undefined) return;
    if (files.length > MAX_KNOWN_HOSTS_FILES) args.fail(`too many ${args.keyword} entries.`);
    options[key] = files;
  };
}

type BooleanKey = 'identitiesOnly' | 'hashKnownHosts' | 'batchMode' | 'passwordAuthentication' | 'kbdInteractiveAuthentication' | 'pubkeyAuthentication' | 'canonicalizeHostname';
type StringKey = 'user' | 'hostname' | 'hostKeyAlias' | 'preferredAuthentications' | 'ignoreUnknown';

const MAX_IDENTITY_FILES = 100;
const MAX_KNOWN_HOSTS_FILES = 16;

const HANDLERS: Readonly<Partial<Record<string, Handler>>> = {
  user: stringOption('user'),
  hostname: stringOption('hostname'),
  hostkeyalias: stringOption('hostKeyAlias'),
  preferredauthentications: stringOption('preferredAuthentications'),
  ignoreunknown: stringOption('ignoreUnknown'),
  port: (options, args, at) => {
    const arg = args.one();
    const port = parsePort(arg);
    if (port === null || port === 0) return args.fail(`Bad port '${arg}'.`);
    if (at.active && options.port === undefined) options.port = port;
  },
  identityfile: (options, args, at) => {
    const path = args.one();
    if (!at.active) return;
    if (options.identityFiles.length >= MAX_IDENTITY_FILES) args.fail(`Too many identity files specified (max ${MAX_IDENTITY_FILES}).`);
    const fromUserConfig = at.fromUserConfig;
    if (!options.identityFiles.some((file) => file.path === path && file.fromUserConfig === fromUserConfig)) {
      options.identityFiles.push({ path, fromUserConfig });
    }
  },
  identitiesonly: flagOption('identitiesOnly'),
  identityagent: (options, args, at) => {
    const agent = args.one();
    checkAgentPath(agent, at.env, args.fail);
    if (at.active && options.identityAgent === undefined) options.identityAgent = agent;
  },
  proxyjump: (options, args, at, rest) => {
    // ProxyJump reads its raw text, not the split arguments, as ssh does.
    args.rest();
    const text = rest.replace(/^[ \t\r\n=]+/, '');
    if (text.toLowerCase() === 'none') {
      if (at.active && options.jump === undefined) options.jump = 'none';
      return;
    }
    const hops = parseJumpHops(text);
    if (hops === null) throw new SshConfigError(at.file, at.line, `Invalid ProxyJump "${text}"`);
    if (at.active && options.jump === undefined && options.proxyCommand === undefined) {
      options.jump = hops;
      // What ssh itself stores: from here on ProxyJump and ProxyCommand are both taken.
      options.proxyCommand = 'none';
    }
  },
  proxycommand: (options, args, at, rest) => {
    args.rest();
    if (at.active && options.proxyCommand === undefined) options.proxyCommand = rest.replace(/^[ \t\r\n=]+/, '');
  },
  userknownhostsfile: knownHostsOption('userKnownHostsFiles'),
  globalknownhostsfile: knownHostsOption('globalKnownHostsFiles'),
  stricthostkeychecking: (options, args, at) => {
    const value = choice(STRICT, args);
    if (at.active && options.strictHostKeyChecking === undefined) options.strictHostKeyChecking = value;
  },
  hashknownhosts: flagOption('hashKnownHosts'),
  connecttimeout: timeOption('connectTimeoutSeconds'),
  serveraliveinterval: timeOption('serverAliveIntervalSeconds'),
  // Debian's ssh reads these two as ServerAliveInterval.
  protocolkeepalives: timeOption('serverAliveIntervalSeconds'),
  setuptimeout: timeOption('serverAliveIntervalSeconds'),
  batchmode: flagOption('batchMode'),
  passwordauthentication: flagOption('passwordAuthentication'),
  kbdinteractiveauthentication: flagOption('kbdInteractiveAuthentication'),
  challengeresponseauthentication: flagOption('kbdInteractiveAuthentication'),
  skeyauthentication: flagOption('kbdInteractiveAuthentication'),
  tisauthentication: flagOption('kbdInteractiveAuthentication'),
  pubkeyauthentication: flagOption('pubkeyAuthentication', PUBKEY),
  dsaauthentication: flagOption('pubkeyAuthentication', PUBKEY),
  canonicalizehostname: flagOption('canonicalizeHostname', CANONICALIZE),
};

/** A ProxyJump list, first hop first; null when any hop is malformed. */
function parseJumpHops(text: string): JumpSpec[] | null {
  // ProxyJump is read raw, so a comment has to be cut off here.
  const hash = text.indexOf('#');
  const list = (hash < 0 ? text : text.slice(0, hash)).trimEnd();
  const hops: JumpSpec[] = [];
  for (const hop of list.split(',')) {
    const uri = parseSshUri(hop);
    const parsed = uri === undefined ? parseUserHostPort(hop) : uri;
    if (parsed === null) return null;
    hops.push(parsed);
  }
  return hops;
}

/** An IdentityAgent value must name defined variables, as ssh checks when it reads the line. */
function checkAgentPath(agent: string, env: Environment, fail: (detail: string) => never): void {
  for (const match of agent.matchAll(/\$\{([^}]*)\}?/g)) {
    const name = match[1] ?? '';
    if (!match[0].endsWith('}') || name === '' || env[name] === undefined) fail(`Invalid environment expansion ${agent}.`);
  }
  if (agent.startsWith('$') && !agent.startsWith('${') && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(agent.slice(1))) {
    fail(`Invalid environment name ${agent}.`);
  }
}

/** OpenSSH's convtime(): `90`, `90s`, `1h30m`, `2d`, `1w`; null when malformed. */
function parseTime(text: string): number | null {
  const units: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  if (!/^(\d+[smhdwSMHDW]?)+$/.test(text)) return null;
  let total = 0;
  for (const [, digits, unit] of text.matchAll(/(\d+)([smhdwSMHDW]?)/g)) {
    total += Number(digits) * (units[(unit ?? '').toLowerCase()] ?? 1);
  }
  return total <= 2 ** 31 - 1 ? total : null;
}
