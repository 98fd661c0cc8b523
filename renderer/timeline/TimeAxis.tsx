/**
 * The time axis, drawn by us: vis-timeline only knows whole milliseconds, while a packet's hops
 * are microseconds apart. Labels count from the trace's first event, in µs, ms or s.
 */
import { axisTicks } from '../../shared/view/time-format';
import type { VisibleWindow } from './timeline-controller';

export function TimeAxis({ view }: { view: VisibleWindow | null }) {
  if (!view || view.widthPx <= 0 || !(view.endUs > view.startUs)) return <div className="time-axis" />;
  const { startUs, endUs, widthPx, leftPx, originUs } = view;
  const scale = widthPx / (endUs - startUs);
  const ticks = axisTicks(startUs - originUs, endUs - originUs, widthPx);
  return (
    <div className="time-axis" data-testid="time-axis" data-start-us={startUs} data-end-us={endUs} data-origin-us={originUs}>
      {ticks.map((t) => {
        const x = leftPx + (t.us + originUs - startUs) * scale;
        return (
          <div key={t.us} className="tick" style={{ left: `${x}px` }}>
            <span className="tick-label">{t.label}</span>
          </div>
        );
      })}
    </div>
  );
}

/** Full-height grid lines under the rows, at the axis ticks. */
export function TimeGrid({ view }: { view: VisibleWindow | null }) {
  if (!view || view.widthPx <= 0 || !(view.endUs > view.startUs)) return null;
  const { startUs, endUs, widthPx, leftPx, originUs } = view;
  const scale = widthPx / (endUs - startUs);
  return (
    <div className="time-grid" aria-hidden="true">
      {axisTicks(startUs - originUs, endUs - originUs, widthPx).map((t) => (
        <div key={t.us} className="grid-line" style={{ left: `${leftPx + (t.us + originUs - startUs) * scale}px` }} />
      ))}
    </div>
  );
}
