/**
 * What a capture is: which tracepoints, on what (a command perf runs and traces, or the whole
 * system for a while or until Stop), with which kernel filters and how many events at most.
 * The renderer's dialog, the CLI and the backend all speak this.
 */

export type CaptureMode =
  /** perf runs the command and traces while it runs: `perf trace … -- ping -c1 172.17.0.2`. */
  | { kind: 'command'; argv: string[] }
  /** System-wide (`-a`), for `seconds` or, when null, until Stop. */
  | { kind: 'system'; seconds: number | null };

export interface CaptureSettings {
  /** Tracepoints, or perf's globs of them: `net:net_dev_queue`, `net:*`. */
  events: string[];
  /** A kernel filter (perf --filter) for some of the events, keyed by the event it applies to. */
  filters: Record<string, string>;
  mode: CaptureMode;
  /**
   * The cap: the backend stops perf (as Stop does, keeping everything) once perf has printed this
   * many lines, so a forgotten capture cannot run the machine out of memory.
   */
  maxEvents: number;
}

/** A tracepoint name or glob as perf's -e takes it: `subsystem:event`, `*` and `?` allowed in the event part. */
export const EVENT_PATTERN = /^[a-z0-9_]{1,64}:[a-z0-9_*?]{1,128}$/i;

export const MAX_CAPTURE_SECONDS = 24 * 60 * 60;
export const MAX_EVENTS_LIMIT = 1_000_000_000;
/** About 300 MB in the renderer (some 60 bytes an event), well within a desktop's memory. */
export const DEFAULT_MAX_EVENTS = 5_000_000;

export interface TracepointGroup {
  subsystem: string;
  /** Full names, `net:netif_rx`, sorted. */
  events: string[];
}

export interface Preset {
  id: string;
  title: string;
  events: string[];
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'classic',
    title: 'The four from the classic article',
    events: ['net:net_dev_queue', 'net:netif_receive_skb_entry', 'net:netif_rx', 'net:napi_gro_receive_entry'],
  },
  { id: 'net', title: 'All net:*', events: ['net:*'] },
  { id: 'net-drops', title: 'net:* + drops', events: ['net:*', 'skb:kfree_skb', 'skb:consume_skb'] },
];

export const DEFAULT_SETTINGS: CaptureSettings = {
  events: ['net:*', 'skb:kfree_skb', 'skb:consume_skb'],
  filters: {},
  mode: { kind: 'command', argv: ['ping', '-c1', '127.0.0.1'] },
  maxEvents: DEFAULT_MAX_EVENTS,
};

/** Problems with settings, in words for the dialog; empty when they can be run. */
export function settingsProblems(s: CaptureSettings): string[] {
  const problems: string[] = [];
  if (s.events.length === 0) problems.push('Choose at least one tracepoint.');
  for (const e of s.events) if (!EVENT_PATTERN.test(e)) problems.push(`"${e}" is not a tracepoint name (subsystem:event).`);
  for (const e of Object.keys(s.filters)) if (!s.events.includes(e)) problems.push(`The filter for ${e} belongs to no chosen tracepoint.`);
  if (s.mode.kind === 'command' && (s.mode.argv.length === 0 || s.mode.argv[0] === '')) {
    problems.push('Type the command to run and trace, or capture system-wide.');
  }
  if (s.mode.kind === 'system' && s.mode.seconds !== null && !(s.mode.seconds >= 1 && s.mode.seconds <= MAX_CAPTURE_SECONDS)) {
    problems.push(`Capture for 1 to ${MAX_CAPTURE_SECONDS} seconds.`);
  }
  if (!(Number.isInteger(s.maxEvents) && s.maxEvents >= 1 && s.maxEvents <= MAX_EVENTS_LIMIT)) {
    problems.push(`The event cap must be a whole number above 0, at most ${MAX_EVENTS_LIMIT.toLocaleString('en')}.`);
  }
  return problems;
}
