/**
 * One pass over the config files as ssh makes it (read_config_file_depth): the user's config
 * then the system's, each line in order, Host and Match switching blocks on and off, Include
 * reading other files in place (at most 16 deep). A file included from a block that does not
 * apply is still read and checked, but none of its blocks apply.
 */
import { dirname } from 'node:path';
import { SshConfigError } from './config-error';
import { parseConfigLine } from './config-line';
import { applyOption, type ConfigOptions } from './config-options';
import type { SshConfigSource } from './config-source';
import { includedFiles, readConfigText, type IncludeScope } from './config-files';
import { hostLineMatches } from './host-patterns';
import { evaluateMatch } from './match-line';

export interface PassContext {
  /** What Host patterns are matched against: the host as given, or the final host name. */
  host: string;
  originalHost: string;
  finalPass: boolean;
}

export interface PassOutcome {
  /** A `Match final` was seen: ssh then reads everything once more. */
  wantsFinalPass: boolean;
  notes: string[];
}

export const MAX_INCLUDE_DEPTH = 16;

export async function readConfigPass(source: SshConfigSource, pass: PassContext, options: ConfigOptions): Promise<PassOutcome> {
  const walk = new ConfigWalk(source, pass, options);
  await walk.file(source.userConfig, { userConfig: true, checkPermissions: true, neverMatch: false, depth: 0, includedFrom: null }, { value: true });
  if (source.systemConfig !== null) {
    await walk.file(source.systemConfig, { userConfig: false, checkPermissions: false, neverMatch: false, depth: 0, includedFrom: null }, { value: true });
  }
  return { wantsFinalPass: walk.wantsFinalPass, notes: walk.notes };
}

interface Active {
  value: boolean;
}

interface FileScope {
  /** The user's config or a file it includes: `~` Includes allowed, IdentityFiles kept apart from the system's. */
  userConfig: boolean;
  checkPermissions: boolean;
  /** Read from a block that does not apply: no Host or Match in it applies either. */
  neverMatch: boolean;
  depth: number;
  /**
   * The Include line that brought the file in: an included file must be readable if it exists,
   * while a top-level config that cannot be read counts as empty.
   */
  includedFrom: { file: string; line: number } | null;
}

class ConfigWalk {
  wantsFinalPass = false;
  readonly notes: string[] = [];
  private readonly uid = process.getuid?.() ?? -1;

  constructor(
    private readonly source: SshConfigSource,
    private readonly pass: PassContext,
    private readonly options: ConfigOptions,
  ) {}

  async file(path: string, scope: FileScope, active: Active): Promise<void> {
    const { userConfig, neverMatch, includedFrom } = scope;
    if (scope.depth > MAX_INCLUDE_DEPTH) throw new SshConfigError(includedFrom?.file ?? path, includedFrom?.line ?? null, 'Too many recursive configuration includes');
    const read = await readConfigText(path, scope.checkPermissions, this.uid);
    if (read.kind === 'missing') return;
    if (read.kind === 'unreadable') {
      if (includedFrom === null) return;
      throw new SshConfigError(includedFrom.file, includedFrom.line, `Can't open user config file ${path}: ${read.reason}`);
    }
    const lines = read.text.split('\n');
    for (const [index, raw] of lines.entries()) {
      const lineNumber = index + 1;
      const line = parseConfigLine(raw, path, lineNumber);
      if (line === null) continue;
      if (line.keyword === 'host') {
        if (line.args.some((arg) => arg === '')) throw new SshConfigError(path, lineNumber, 'keyword host empty argument');
        active.value = !neverMatch && hostLineMatches(this.pass.host, line.args);
      } else if (line.keyword === 'match') {
        const result = evaluateMatch(line.rest, {
          originalHost: this.pass.originalHost,
          hostname: this.options.hostname,
          user: this.options.user,
          localUser: this.source.localUser,
          finalPass: this.pass.finalPass,
          file: path,
          line: lineNumber,
        });
        if (result.wantsFinalPass) this.wantsFinalPass = true;
        if (result.skippedExec && !neverMatch) this.notes.push(`${path} line ${lineNumber}: Match exec is not run by this app; its block was taken as not matching`);
        active.value = !neverMatch && result.matched;
      } else if (line.keyword === 'include') {
        await this.include(line.args, { file: path, line: lineNumber }, scope, active);
      } else {
        applyOption(this.options, line, { file: path, line: lineNumber, active: active.value, fromUserConfig: userConfig, env: this.source.env ?? {} });
      }
    }
  }

  private async include(args: readonly string[], at: { file: string; line: number }, scope: FileScope, active: Active): Promise<void> {
    const where: IncludeScope = { userConfig: scope.userConfig, home: this.source.home, systemDir: systemConfigDir(this.source) };
    for (const arg of args) {
      if (arg === '') throw new SshConfigError(at.file, at.line, 'keyword include empty argument');
      const wasActive = active.value;
      for (const path of await includedFiles(arg, where, at.file, at.line)) {
        const inner: FileScope = { userConfig: scope.userConfig, checkPermissions: true, neverMatch: scope.neverMatch || !wasActive, depth: scope.depth + 1, includedFrom: at };
        await this.file(path, inner, active);
        // A Match inside the included file must not change whether the including block applies.
        active.value = wasActive;
      }
    }
  }
}

/** Where the system config's relative Includes live: its own folder (/etc/ssh). */
export function systemConfigDir(source: SshConfigSource): string {
  return source.systemConfig === null ? '/etc/ssh' : dirname(source.systemConfig);
}
