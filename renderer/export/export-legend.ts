/**
 * The legend under an exported timeline: the packets it shows (skbaddr → colour, and where each
 * went when there are few), and the selected packet's hops. Lines are counted here so the layout
 * can make room before anything is drawn.
 */
import { NONE } from '../../shared/trace/event-batch';
import type { TraceTable } from '../../shared/trace/trace-table';
import { hopsOf, packetPath } from '../../shared/view/packet-hops';
import { NO_PACKET_COLOR } from '../../shared/view/packet-colors';
import type { EventLooks } from '../timeline/event-looks';
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
export function exportLegend(table: TraceTable, looks: EventLooks, shownEvents: Iterable<number>, density: boolean, innerWidth: number): ExportLegend {
  const seen = new Set<number>();
  for (const e of shownEvents) {
    const unit = looks.unitOf(e);
    if (unit !== NONE) seen.add(unit);
  }
  const units = [...seen].sort((a, b) => a - b);
  const listed = units.slice(0, MAX_LISTED);
  const withPaths = units.length <= WITH_PATHS;
  const perLine = withPaths ? 1 : Math.max(1, Math.floor(innerWidth / ENTRY_PX));
  const selected = looks.selectedEvents();
  return {
    packets: listed.map((u) => ({
      packet: u,
      address: looks.unitAddress(u),
      color: looks.unitColor(u),
      path: withPaths ? (looks.unitPath(u) ?? packetPath(hopsOf(table, table.packetEvents(u)))).join(' → ') : null,
    })),
    more: units.length - listed.length,
    density,
    perLine,
    selected: selected.length === 0 ? null : selectedLegend(table, looks, selected, innerWidth),
  };
}

function selectedLegend(table: TraceTable, looks: EventLooks, events: readonly number[], innerWidth: number): NonNullable<ExportLegend['selected']> {
  const hops = hopsOf(table, events);
  const first = hops[0];
  const last = hops[hops.length - 1];
  const span = first && last ? formatDuration(last.timeUs - first.timeUs) : '0 µs';
  const unit = first ? looks.unitOf(first.event) : NONE;
  return {
    address: table.packetAddress(looks.highlight.packet ?? 0),
    color: first ? looks.color(first.event) : NO_PACKET_COLOR,
    summary: `${(looks.unitPath(unit) ?? packetPath(hops)).join(' → ')} · ${hops.length} events over ${span}`,
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
