/**
 * A tiny run-time schema kit for what crosses between the renderer and the backend. A schema turns
 * `unknown` into a typed value, or says in words what was wrong and where.
 *
 * `Schema<T>` is invariant in T, so `const s: Schema<FileGrant> = object({...})` only compiles when
 * the schema's output is exactly the contract type (a missing or mistyped field is a type error).
 * Generic constraints use the covariant `Parser<T>`, which every schema also is.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Parser<out T> {
  /** `at` names the value in error messages, e.g. "fileChunk.bytesRead". */
  parse(raw: unknown, at: string): Parsed<T>;
}

export interface Schema<in out T> extends Parser<T> {}

type Output<P> = P extends Parser<infer T> ? T : never;
type Shape = { readonly [key: string]: Parser<unknown> };
type ObjectOutput<S extends Shape> = { -readonly [K in keyof S]: Output<S[K]> };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(at: string, expected: string, raw: unknown): Parsed<T> => ({
  ok: false,
  error: `${at}: expected ${expected}, got ${describe(raw)}`,
});

/** Names a value for an error message without echoing anything long. */
function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return `a list of ${raw.length}`;
  if (typeof raw === 'string') return raw.length > 40 ? `a string of ${raw.length} characters` : JSON.stringify(raw);
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return typeof raw === 'object' ? 'an object' : typeof raw;
}

export function string(limits: { max: number; min?: number; pattern?: RegExp }): Schema<string> {
  const min = limits.min ?? 0;
  const expected = `a string of ${min}–${limits.max} characters${limits.pattern ? ` matching ${limits.pattern}` : ''}`;
  return {
    parse: (raw, at) =>
      typeof raw === 'string' && raw.length >= min && raw.length <= limits.max && (!limits.pattern || limits.pattern.test(raw))
        ? ok(raw)
        : fail(at, expected, raw),
  };
}

/** A whole number within [min, max]; NaN, ±Infinity and fractions are refused. */
export function integer(min: number, max: number): Schema<number> {
  return {
    parse: (raw, at) =>
      typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= min && raw <= max
        ? ok(raw)
        : fail(at, `a whole number from ${min} to ${max}`, raw),
  };
}

export function boolean(): Schema<boolean> {
  return { parse: (raw, at) => (typeof raw === 'boolean' ? ok(raw) : fail(at, 'true or false', raw)) };
}

export function literal<const T extends readonly (string | boolean)[]>(...values: T): Schema<T[number]> {
  const expected = values.map((v) => JSON.stringify(v)).join(' or ');
  return {
    parse: (raw, at) => {
      const found = values.find((v) => v === raw);
      return found === undefined ? fail(at, expected, raw) : ok(found);
    },
  };
}

/** Any value at all: for the envelope fields whose content a second, per-name schema checks. */
export function unknownValue(): Schema<unknown> {
  return { parse: (raw) => ok(raw) };
}

export function nullable<T>(inner: Parser<T>): Schema<T | null> {
  return { parse: (raw, at) => (raw === null ? ok(null) : inner.parse(raw, at)) };
}

export function array<T>(item: Parser<T>, maxLength: number): Schema<T[]> {
  return {
    parse: (raw, at) => {
      if (!Array.isArray(raw) || raw.length > maxLength) return fail(at, `a list of at most ${maxLength}`, raw);
      const out: T[] = [];
      for (const [i, element] of raw.entries()) {
        const parsed = item.parse(element, `${at}[${i}]`);
        if (!parsed.ok) return parsed;
        out.push(parsed.value);
      }
      return ok(out);
    },
  };
}

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const proto: unknown = Object.getPrototypeOf(raw);
  return proto === Object.prototype || proto === null;
}

/**
 * A plain object with exactly these fields: an extra field is refused too, so a sender cannot
 * smuggle anything past the contract. The result is a fresh object holding only those fields.
 */
export function object<S extends Shape>(shape: S): Schema<ObjectOutput<S>> {
  const keys = Object.keys(shape);
  return {
    parse: (raw, at) => {
      if (!isPlainObject(raw)) return fail(at, 'an object', raw);
      const extra = Object.keys(raw).find((key) => !Object.hasOwn(shape, key));
      if (extra !== undefined) return { ok: false, error: `${at}: unexpected field ${JSON.stringify(extra.slice(0, 40))}` };
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const field = shape[key];
        if (!field) continue;
        if (!Object.hasOwn(raw, key)) return { ok: false, error: `${at}.${key}: missing` };
        const parsed = field.parse(raw[key], `${at}.${key}`);
        if (!parsed.ok) return parsed;
        out[key] = parsed.value;
      }
      // Every field of the shape was parsed into `out` above.
      return ok(out as ObjectOutput<S>);
    },
  };
}

/**
 * Picks the schema for an object by the string in one of its fields (`kind`, say), so an error
 * speaks about the variant the sender meant rather than every variant at once.
 */
export function variants<C extends { readonly [tag: string]: Parser<unknown> }>(key: string, cases: C): Schema<Output<C[keyof C]>> {
  const tags = Object.keys(cases);
  return {
    parse: (raw, at) => {
      const tag = isPlainObject(raw) ? raw[key] : undefined;
      const chosen = typeof tag === 'string' && Object.hasOwn(cases, tag) ? cases[tag] : undefined;
      if (!chosen) return fail(`${at}.${key}`, tags.map((t) => JSON.stringify(t)).join(' or '), tag);
      // The chosen case is one of C's parsers, so its output is one of C's outputs.
      return chosen.parse(raw, at) as Parsed<Output<C[keyof C]>>;
    },
  };
}

/** The first alternative that parses; the error lists what each one wanted. */
export function union<A, B>(a: Parser<A>, b: Parser<B>): Schema<A | B> {
  return {
    parse: (raw, at) => {
      const first = a.parse(raw, at);
      if (first.ok) return first;
      const second = b.parse(raw, at);
      return second.ok ? second : { ok: false, error: `${first.error}; or ${second.error}` };
    },
  };
}

/** A plain object used as a map: at most `maxEntries` keys, each checked, each value checked. */
export function record<V>(key: Parser<string>, value: Parser<V>, maxEntries: number): Schema<Record<string, V>> {
  return {
    parse: (raw, at) => {
      if (!isPlainObject(raw)) return fail(at, 'an object', raw);
      const entries = Object.entries(raw);
      if (entries.length > maxEntries) return fail(at, `at most ${maxEntries} entries`, raw);
      const out: Record<string, V> = {};
      for (const [k, v] of entries) {
        const parsedKey = key.parse(k, `${at} key`);
        if (!parsedKey.ok) return parsedKey;
        const parsed = value.parse(v, `${at}[${JSON.stringify(k.slice(0, 40))}]`);
        if (!parsed.ok) return parsed;
        out[parsedKey.value] = parsed.value;
      }
      return ok(out);
    },
  };
}
