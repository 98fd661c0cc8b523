/**
 * An event's fields, from the text perf printed between the event name and the line's end.
 * Two grammars cover the four layouts:
 * - perf trace's own (BTF) printer: `key: value, key: "quoted, string", key: {1, 2}`
 * - libtraceevent's print formats (perf trace --libtraceevent_print, perf trace before 5.5,
 *   perf script): `key=value key=value`, sometimes `key: value` (`reason: NO_SOCKET`), and
 *   values with spaces, which belong to the field before them.
 * Fields are walked with a visitor so the parser can pick out device, skbaddr and len without
 * building an object per field; `parseFields` collects them all for the details panel.
 */
import type { Layout } from './event-batch';

export interface Field {
  key: string;
  value: string;
}

/** Return false to stop the walk. */
export type FieldVisitor = (key: string, value: string) => boolean | void;

export function forEachField(layout: Layout, text: string, visit: FieldVisitor): void {
  if (layout === 'perf-trace') walkBtf(text, visit);
  else walkKeyEquals(text, visit);
}

export function parseFields(layout: Layout, text: string): Field[] {
  const fields: Field[] = [];
  forEachField(layout, text, (key, value) => {
    fields.push({ key, value });
  });
  return fields;
}

/** `key: value, key: value`; strings quoted with backslash escapes; braces and brackets nest. */
function walkBtf(text: string, visit: FieldVisitor): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i >= n) return;
    const colon = text.indexOf(': ', i);
    const keyEnd = colon < 0 ? -1 : colon;
    if (keyEnd < 0 || !isKey(text, i, keyEnd)) {
      // Not `key: value` from here on: keep the rest as it is rather than lose it.
      visit('', text.slice(i).trim());
      return;
    }
    const key = text.slice(i, keyEnd);
    i = keyEnd + 2;
    let value: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      const end = quotedEnd(text, i);
      value = unescape(text.slice(i + 1, end - 1));
      i = end;
    } else {
      const end = valueEnd(text, i);
      value = text.slice(i, end).trim();
      i = end;
    }
    if (visit(key, value) === false) return;
    // Skip the `, ` between fields (and anything odd up to it, e.g. text after a closing quote).
    const sep = text.indexOf(', ', i);
    if (sep < 0) return;
    if (sep > i && text.slice(i, sep).trim() !== '') {
      visit('', text.slice(i, sep).trim());
    }
    i = sep + 2;
  }
}

/** Index just past the closing quote of the string starting at `start`, or the end of the text. */
function quotedEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34) return i + 1;
  }
  return text.length;
}

/** Where an unquoted value ends: the next `, ` outside braces, brackets and quotes. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91 || c === 40) depth++;
    else if ((c === 125 || c === 93 || c === 41) && depth > 0) depth--;
    else if (c === 34) i = quotedEnd(text, i) - 1;
    else if (c === 44 && depth === 0 && text.charCodeAt(i + 1) === 32) return i;
  }
  return text.length;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}

/** A field key: letters, digits, `_`, `.`, `[`, `]` (array members), no spaces. */
function isKey(text: string, start: number, end: number): boolean {
  if (end <= start || end - start > 64) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const ok =
      (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 91 || c === 93;
    if (!ok) return false;
  }
  return true;
}

/**
 * `key=value key=value`, plus `key: value`; a token that starts no field continues the value of
 * the field before it (print formats may put spaces in values).
 */
function walkKeyEquals(text: string, visit: FieldVisitor): void {
  let key: string | null = null;
  let value = '';
  let pendingColonKey = false;
  const flush = (): boolean => {
    if (key === null) return true;
    const go = visit(key, value) !== false;
    key = null;
    value = '';
    return go;
  };
  for (const token of text.split(' ')) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (!pendingColonKey && eq > 0 && isKey(token, 0, eq)) {
      if (!flush()) return;
      key = token.slice(0, eq);
      value = token.slice(eq + 1);
      continue;
    }
    if (!pendingColonKey && token.endsWith(':') && isKey(token, 0, token.length - 1)) {
      if (!flush()) return;
      key = token.slice(0, -1);
      value = '';
      pendingColonKey = true;
      continue;
    }
    pendingColonKey = false;
    if (key === null) {
      key = '';
      value = token;
    } else {
      value = value === '' ? token : `${value} ${token}`;
    }
  }
  flush();
}
