/**
 * What a server offers for capturing, asked in one command: its name, kernel, user id, perf (path
 * and version), /etc/os-release, whether sudo works without a password, the tracepoints of the
 * packet subsystems (tracefs, else `perf list`, as on this machine), and its kernel's table of
 * drop reasons (kfree_skb's tracefs format, through sudo -n where that works). The script is a constant; its
 * answer comes in `@@skbscope:NAME` sections, each read defensively: it is a server's word, so
 * every value is checked and bounded, and anything malformed is taken as not known.
 */
import { EVENT_PATTERN, type TracepointGroup } from '../../../shared/capture/capture-settings';
import { shellQuote } from '../../../shared/capture/shell-quote';
import type { DropReasons } from '../../../shared/journeys/drop-reasons';
import { dropReasonsFromFormat, KFREE_SKB_FORMAT, MAX_FORMAT_BYTES } from '../../capture/drop-reasons-format';
import { PACKET_SUBSYSTEMS, TRACEFS_EVENT_DIRS, tracepointsFromPerfList } from '../../capture/tracepoints';

const SECTION = '@@skbscope:';

/** Run by /bin/sh there; the login shell only ever sees it quoted. */
export const PROBE_SCRIPT = `
# Where servers keep perf (and sudo) even when a login's PATH lacks them.
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
section() { printf '\\n${SECTION}%s\\n' "$1"; }
section hostname; uname -n
section kernel; uname -r
section uid; id -u
perf=$(command -v perf 2>/dev/null)
section perf-path; printf '%s\\n' "$perf"
section perf-version; [ -n "$perf" ] && "$perf" --version 2>/dev/null
section os-release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null
if [ "$(id -u)" = 0 ]; then sudo=root
elif ! command -v sudo >/dev/null 2>&1; then sudo=missing
elif sudo -n true </dev/null >/dev/null 2>&1; then sudo=nopasswd
else sudo=password; fi
section sudo; echo "$sudo"
section tracefs
found=
for dir in ${TRACEFS_EVENT_DIRS.map(shellQuote).join(' ')}; do
  [ -d "$dir" ] && [ -r "$dir" ] || continue
  for subsystem in ${PACKET_SUBSYSTEMS.join(' ')}; do
    for event in "$dir/$subsystem"/*/; do
      [ -d "$event" ] || continue
      event=\${event%/}
      printf '%s:%s\\n' "$subsystem" "\${event##*/}"
      found=1
    done
  done
  [ -n "$found" ] && break
done
section perf-list
if [ -z "$found" ] && [ -n "$perf" ]; then
  if [ "$sudo" = nopasswd ]; then sudo -n "$perf" list --raw-dump tracepoint </dev/null 2>/dev/null
  else "$perf" list --raw-dump tracepoint 2>/dev/null; fi
fi
section kfree-skb-format
for dir in ${TRACEFS_EVENT_DIRS.map(shellQuote).join(' ')}; do
  format="$dir/${KFREE_SKB_FORMAT}"
  if [ -r "$format" ]; then head -c ${MAX_FORMAT_BYTES} "$format" 2>/dev/null; break
  elif [ "$sudo" = nopasswd ] && sudo -n test -r "$format" </dev/null 2>/dev/null; then sudo -n head -c ${MAX_FORMAT_BYTES} "$format" </dev/null 2>/dev/null; break; fi
done
section end
`;

export type SudoMode = 'root' | 'nopasswd' | 'password' | 'missing';

export interface OsRelease {
  id: string | null;
  idLike: string[];
  versionId: string | null;
  prettyName: string | null;
}

export interface ServerProbe {
  hostname: string;
  kernel: string;
  uid: number | null;
  perfPath: string | null;
  perfVersion: string | null;
  os: OsRelease;
  sudo: SudoMode;
  tracepoints: TracepointGroup[];
  tracepointSource: 'tracefs' | 'perf list' | 'built-in';
  /** Empty when the format could not be read there. */
  dropReasons: DropReasons;
}

const MAX_TRACEPOINTS = 20_000;
const ONE_LINE = /^[^\0-\x1f\x7f]{1,255}$/;

/** The probe's output read into checked values; throws when it is not the probe's answer at all. */
export function parseProbe(stdout: string): ServerProbe {
  const sections = splitSections(stdout);
  if (!sections.has('end')) throw new Error('its answer to the probe was cut short or not understood');
  const first = (name: string): string | null => (sections.get(name) ?? []).find((line) => line.trim() !== '')?.trim() ?? null;
  const oneLine = (name: string): string | null => {
    const value = first(name);
    return value !== null && ONE_LINE.test(value) ? value : null;
  };

  const uidText = first('uid');
  // Only an absolute path is run; anything else means perf was not found.
  const perfText = oneLine('perf-path');
  const perfPath = perfText !== null && perfText.startsWith('/') ? perfText : null;
  const sudo = first('sudo');
  const fromTracefs = tracefsGroups(sections.get('tracefs') ?? []);
  const fromPerfList = tracepointsFromPerfList((sections.get('perf-list') ?? []).join('\n').slice(0, MAX_TRACEPOINTS * 100));
  return {
    hostname: oneLine('hostname') ?? 'unknown',
    kernel: oneLine('kernel') ?? 'unknown',
    uid: uidText !== null && /^\d{1,10}$/.test(uidText) ? Number(uidText) : null,
    perfPath,
    perfVersion: perfPath === null ? null : oneLine('perf-version'),
    os: parseOsRelease(sections.get('os-release') ?? []),
    sudo: sudo === 'root' || sudo === 'nopasswd' || sudo === 'password' || sudo === 'missing' ? sudo : 'missing',
    tracepoints: fromTracefs.length > 0 ? fromTracefs : fromPerfList,
    tracepointSource: fromTracefs.length > 0 ? 'tracefs' : fromPerfList.length > 0 ? 'perf list' : 'built-in',
    dropReasons: dropReasonsFromFormat((sections.get('kfree-skb-format') ?? []).join('\n')),
  };
}

function splitSections(stdout: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(SECTION)) {
      const name = line.slice(SECTION.length).trim();
      // A name that repeats keeps its first answer.
      current = sections.has(name) ? null : [];
      if (current !== null) sections.set(name, current);
    } else current?.push(line);
  }
  return sections;
}

/** `subsystem:event` lines, each a name perf takes, grouped in PACKET_SUBSYSTEMS order. */
function tracefsGroups(lines: readonly string[]): TracepointGroup[] {
  const bySubsystem = new Map<string, Set<string>>();
  for (const line of lines.slice(0, MAX_TRACEPOINTS)) {
    const name = line.trim();
    const subsystem = name.slice(0, name.indexOf(':'));
    if (!EVENT_PATTERN.test(name) || /[*?]/.test(name) || !PACKET_SUBSYSTEMS.includes(subsystem)) continue;
    bySubsystem.set(subsystem, (bySubsystem.get(subsystem) ?? new Set<string>()).add(name));
  }
  return PACKET_SUBSYSTEMS.filter((s) => bySubsystem.has(s)).map((subsystem) => ({ subsystem, events: [...(bySubsystem.get(subsystem) ?? [])].sort() }));
}

/** os-release(5): `KEY=value`, the value perhaps quoted; only the keys used are kept. */
export function parseOsRelease(lines: readonly string[]): OsRelease {
  const values = new Map<string, string>();
  for (const line of lines.slice(0, 200)) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m === null) continue;
    const value = unquote(m[2] ?? '');
    if (value !== null && ONE_LINE.test(value) && !values.has(m[1] ?? '')) values.set(m[1] ?? '', value);
  }
  const word = (value: string | undefined): string | null => (value !== undefined && /^[a-z0-9._-]{1,64}$/.test(value) ? value : null);
  return {
    id: word(values.get('ID')),
    idLike: (values.get('ID_LIKE') ?? '').split(/\s+/).map((w) => word(w)).filter((w): w is string => w !== null),
    versionId: word(values.get('VERSION_ID')),
    prettyName: values.get('PRETTY_NAME') ?? null,
  };
}

function unquote(raw: string): string | null {
  const quote = raw.charAt(0);
  if (quote !== '"' && quote !== "'") return raw;
  if (raw.length < 2 || raw.charAt(raw.length - 1) !== quote) return null;
  const inner = raw.slice(1, -1);
  return quote === '"' ? inner.replace(/\\([$"\\`])/g, '$1') : inner;
}
