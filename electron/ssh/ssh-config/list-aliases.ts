/**
 * The hosts a config names outright, for offering them by name: every Host pattern without
 * wildcards or negation, in file order, following every Include (the user's config, then the
 * system's), each name once.
 */
import { SshConfigError } from './config-error';
import { parseConfigLine } from './config-line';
import { includedFiles, readConfigText } from './config-files';
import type { SshConfigSource } from './config-source';
import { MAX_INCLUDE_DEPTH, systemConfigDir } from './read-config';

export async function listAliases(source: SshConfigSource): Promise<string[]> {
  const aliases = new Set<string>();
  const uid = process.getuid?.() ?? -1;
  const visit = async (file: string, userConfig: boolean, depth: number, includedFrom: { file: string; line: number } | null): Promise<void> => {
    if (depth > MAX_INCLUDE_DEPTH) throw new SshConfigError(includedFrom?.file ?? file, includedFrom?.line ?? null, 'Too many recursive configuration includes');
    const read = await readConfigText(file, userConfig || includedFrom !== null, uid);
    if (read.kind !== 'text') return;
    for (const [index, raw] of read.text.split('\n').entries()) {
      const line = parseConfigLine(raw, file, index + 1);
      if (line?.keyword === 'host') {
        for (const name of line.args) if (name !== '' && !/[*?]/.test(name) && !name.startsWith('!')) aliases.add(name);
      } else if (line?.keyword === 'include') {
        const scope = { userConfig, home: source.home, systemDir: systemConfigDir(source) };
        for (const arg of line.args) {
          for (const path of await includedFiles(arg, scope, file, index + 1)) await visit(path, userConfig, depth + 1, { file, line: index + 1 });
        }
      }
    }
  };
  await visit(source.userConfig, true, 0, null);
  if (source.systemConfig !== null) await visit(source.systemConfig, false, 0, null);
  return [...aliases];
}
