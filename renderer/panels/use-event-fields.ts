/**
 * An event's fields, read back from the trace's text at the event's offset (the table keeps no
 * string per event): null while reading. A line that no longer reads as the same event (the file
 * changed on disk, or bytes that were not UTF-8 moved the offsets) says so instead of showing
 * another event's fields.
 */
import { useEffect, useState } from 'react';
import { type Field, parseFields } from '../../shared/trace/parse-fields';
import { parseLine } from '../../shared/trace/parse-line';
import type { LoadedTrace } from '../loading/trace-loader';

export type EventFields = { ok: true; fields: Field[] } | { ok: false; message: string };

export function useEventFields(trace: LoadedTrace, event: number): EventFields | null {
  const [read, setRead] = useState<{ event: number; fields: EventFields } | null>(null);
  const { table, text } = trace;
  useEffect(() => {
    let current = true;
    text
      .lineAt(table.offset(event))
      .then((line): EventFields => {
        const parsed = parseLine(line);
        if (parsed.kind !== 'event' || parsed.event !== table.eventName(event) || parsed.timeUs !== table.time(event)) {
          return { ok: false, message: `Line ${table.line(event)} no longer reads as this event, so its fields cannot be shown.` };
        }
        return { ok: true, fields: parseFields(parsed.layout, parsed.fields) };
      })
      .catch((err: unknown): EventFields => ({ ok: false, message: `The fields could not be read back: ${err instanceof Error ? err.message : String(err)}` }))
      .then((fields) => {
        if (current) setRead({ event, fields });
      });
    return () => {
      current = false;
    };
  }, [table, text, event]);
  return read?.event === event ? read.fields : null;
}
