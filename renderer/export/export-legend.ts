/**
 * The legend under an exported timeline: the packets it shows (skbaddr → colour, and where each
 * went when there are few), and the selected packet's hops. Lines are counted here so the layout
 * can make room before anything is drawn.
 */
import { NONE } from '../../shared/trace/event-batch';
import type { TraceTable } from '../../shared/trace/trace-table';
import { packetColor } from '../../shared/view/packet-colors';
import { packetHops, packetPath } from '../../shared/view/packet-hops';
import { formatDuration } from '../../shared/view/time-format';

export interface LegendPacket {
  packet: number;
  address: string;
  color: string;
  /** `docker0 → vethb3f1c2a → eth0`, when few packets leave room for it. */
  path: string | null;
}

export interface LegendHop {
  delta: string;
  device: string;
  event: string;
}

export interface ExportLegend {
  packets: LegendPacket[];
  /** Some rows are drawn as density bars: the legend says how to read them. */
  density: boolean;
  /** Packets shown in the image but not listed, for want of room. */
  more: number;
  /** Entries per line: 1 with paths, several without. */
  perLine: number;
  selected: { address: string; color: string; summary: string; hops: LegendHop[]; hopsPerLine: number } | null;
}

/** Up to this many packets get a line each, with their path. */
const WITH_PATHS = 8;
const MAX_LISTED = 60;
const ENTRY_PX = 200;
const HOP_PX = 300;

/** `shownEvents`: every event in the image, one by one or inside a density bar. */
export function exportLegend(table: TraceTable, shownEvents: Iterable<number>, density: boolean, selected: number | null, innerWidth: number): ExportLegend {
  const seen = new Set<number>();
  for (const e of shownEvents) {
    const p = table.packetOf(e);
    if (p !== NONE) seen.add(p);
  }
  const packets = [...seen].sort((a, b) => a - b);
  const listed = packets.slice(0, MAX_LISTED);
  const withPaths = packets.length <= WITH_PATHS;
  const perLine = withPaths ? 1 : Math.max(1, Math.floor(innerWidth / ENTRY_PX));
  return {
    packets: listed.map((p) => ({
      packet: p,
      address: table.packetAddress(p),
      color: packetColor(p),
      path: withPaths ? packetPath(packetHops(table, p)).join(' → ') : null,
    })),
    more: packets.length - listed.length,
    density,
    perLine,
    selected: selected === null ? null : selectedLegend(table, selected, innerWidth),
  };
}

function selectedLegend(table: TraceTable, packet: number, innerWidth: number): NonNullable<ExportLegend['selected']> {
  const hops = packetHops(table, packet);
  const first = hops[0];
  const last = hops[hops.length - 1];
  const span = first && last ? formatDuration(last.timeUs - first.timeUs) : '0 µs';
  return {
    address: table.packetAddress(packet),
    color: packetColor(packet),
    summary: `${packetPath(hops).join(' → ')} · ${hops.length} events over ${span}`,
    hops: hops.map((h) => ({
      delta: h.deltaUs === null ? 'start' : `+${formatDuration(h.deltaUs)}`,
      device: h.device ?? '—',
      event: h.eventName.replace(/^net:/, ''),
    })),
    hopsPerLine: Math.max(1, Math.floor(innerWidth / HOP_PX)),
  };
}

/** Lines the legend takes: a heading and the packets; then the selected packet's heading and hops. */
export function legendLineCount(legend: ExportLegend): number {
  let lines = 0;
  if (legend.packets.length > 0) lines += 1 + Math.ceil(legend.packets.length / legend.perLine) + (legend.more > 0 ? 1 : 0);
  if (legend.density) lines += 1;
  if (legend.selected) lines += 1.5 + Math.ceil(legend.selected.hops.length / legend.selected.hopsPerLine);
  return lines;
}
