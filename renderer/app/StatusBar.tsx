import { formatDuration } from '../../shared/view/time-format';
import type { LoadedTrace } from '../loading/trace-loader';

const LAYOUT_NAMES: Record<string, string> = {
  'perf-trace': 'perf trace',
  'perf-trace-libtraceevent': 'perf trace (libtraceevent)',
  'perf-trace-legacy': 'perf trace (before 5.5)',
  'perf-script': 'perf script',
};

/** `packets`: the journeys once known (one skbaddr may carry several packets over time). */
export function StatusBar({ trace, packets, onShowSkipped }: { trace: LoadedTrace; packets: number | null; onShowSkipped(): void }) {
  const { table, totals } = trace;
  const addresses = table.packetCount;
  const shown = packets ?? addresses;
  const devices = table.rows().filter((r) => r.device !== null).length;
  const skipped = totals?.skippedLines ?? 0;
  const lost = totals?.lostEvents ?? 0;
  const layouts = table.layoutsSeen().map((l) => LAYOUT_NAMES[l] ?? l);
  return (
    <footer className="statusbar" data-testid="status">
      <span>{table.count.toLocaleString('en')} events</span>
      <span>
        {devices} {devices === 1 ? 'device' : 'devices'}
      </span>
      <span title="Packets told apart by where each skb went; the kernel reuses an skb's address for later packets">
        {shown.toLocaleString('en')} {shown === 1 ? 'packet' : 'packets'}
        {shown !== addresses && <span className="muted"> on {addresses.toLocaleString('en')} skbaddrs</span>}
      </span>
      <span>{formatDuration(table.endUs - table.startUs)}</span>
      <span className="muted">{layouts.join(' + ')}</span>
      {trace.loading && <span>reading… {readPercent(trace)}</span>}
      {lost > 0 && <span className="warn">perf lost {lost.toLocaleString('en')} events</span>}
      {skipped > 0 && (
        <button type="button" className="link" onClick={onShowSkipped}>
          {skipped} {skipped === 1 ? 'line' : 'lines'} skipped
        </button>
      )}
      <span className="spacer" />
      <span className="muted keys">wheel/+/− zoom · drag/←/→ pan · F fit · Esc clear</span>
    </footer>
  );
}

function readPercent({ bytesRead, size }: LoadedTrace): string {
  return size ? `${Math.min(100, Math.floor((bytesRead / size) * 100))}%` : `${(bytesRead / 1e6).toFixed(1)} MB`;
}
