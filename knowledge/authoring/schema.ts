/**
 * A small structural validator that reports every error with its path and reason
 * (`articles[12].questions: expected a list`). Packs and CRM profiles come from trainers'
 * hands, so a validator that stops at the first error would make them fix one typo per import.
 */

export interface SchemaError {
  path: string;
  reason: string;
}

export type Check = (value: unknown, path: string, errors: SchemaError[]) => void;

const describe = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object'
        ? 'an object'
        : typeof v;

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** A non-empty string (trimmed), optionally matching a pattern or limited in length. */
export function str(
  opts: { pattern?: RegExp; hint?: string; max?: number; empty?: boolean } = {},
): Check {
  return (v, path, errors) => {
    if (typeof v !== 'string') {
      errors.push({ path, reason: `expected text, got ${describe(v)}` });
      return;
    }
    if (!opts.empty && v.trim() === '') errors.push({ path, reason: 'must not be empty' });
    else if (opts.max !== undefined && v.length > opts.max)
      errors.push({ path, reason: `longer than ${opts.max} characters` });
    else if (opts.pattern && !opts.pattern.test(v))
      errors.push({ path, reason: opts.hint ?? `does not match ${opts.pattern}` });
  };
}

/** A finite number within optional bounds. */
export function num(opts: { min?: number; max?: number; integer?: boolean } = {}): Check {
  return (v, path, errors) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      errors.push({ path, reason: `expected a number, got ${describe(v)}` });
      return;
    }
    if (opts.integer && !Number.isInteger(v))
      errors.push({ path, reason: 'expected a whole number' });
    if (opts.min !== undefined && v < opts.min)
      errors.push({ path, reason: `must be at least ${opts.min}` });
    if (opts.max !== undefined && v > opts.max)
      errors.push({ path, reason: `must be at most ${opts.max}` });
  };
}

export const bool: Check = (v, path, errors) => {
  if (typeof v !== 'boolean')
    errors.push({ path, reason: `expected true or false, got ${describe(v)}` });
};

/** One of a fixed set of literal values. */
export function oneOf(values: readonly (string | number)[]): Check {
  return (v, path, errors) => {
    if (!values.includes(v as string | number))
      errors.push({
        path,
        reason: `expected one of ${values.join(', ')}, got ${JSON.stringify(v)}`,
      });
  };
}

/** A list whose every item passes `item`. */
export function list(item: Check, opts: { min?: number; max?: number } = {}): Check {
  return (v, path, errors) => {
    if (!Array.isArray(v)) {
      errors.push({ path, reason: `expected a list, got ${describe(v)}` });
      return;
    }
    if (opts.min !== undefined && v.length < opts.min)
      errors.push({ path, reason: `expected at least ${opts.min} item(s)` });
    if (opts.max !== undefined && v.length > opts.max)
      errors.push({ path, reason: `expected at most ${opts.max} items` });
    v.forEach((x, i) => item(x, `${path}[${i}]`, errors));
  };
}

/** A plain object whose values all pass `value` (keys are free). */
export function record(value: Check): Check {
  return (v, path, errors) => {
    if (!isPlainObject(v)) {
      errors.push({ path, reason: `expected an object, got ${describe(v)}` });
      return;
    }
    for (const [k, x] of Object.entries(v)) value(x, join(path, k), errors);
  };
}

export type Shape = Record<string, { check: Check; optional?: boolean }>;

/** An object with known keys; unknown keys are kept, not refused (packs may carry more). */
export function obj(shape: Shape): Check {
  return (v, path, errors) => {
    if (!isPlainObject(v)) {
      errors.push({ path, reason: `expected an object, got ${describe(v)}` });
      return;
    }
    for (const [key, { check, optional }] of Object.entries(shape)) {
      const x = (v as Record<string, unknown>)[key];
      if (x === undefined) {
        if (!optional) errors.push({ path: join(path, key), reason: 'is required' });
      } else check(x, join(path, key), errors);
    }
  };
}

/** Either of several checks: passes when one of them passes, else reports the first one's errors. */
export function either(...checks: Check[]): Check {
  return (v, path, errors) => {
    let first: SchemaError[] | undefined;
    for (const check of checks) {
      const local: SchemaError[] = [];
      check(v, path, local);
      if (local.length === 0) return;
      first ??= local;
    }
    errors.push(...(first ?? []));
  };
}

/** A string that compiles as a regular expression (packs hold patterns, never code). */
export const regex: Check = (v, path, errors) => {
  str()(v, path, errors);
  if (typeof v !== 'string') return;
  try {
    new RegExp(v, 'u');
  } catch (e) {
    errors.push({ path, reason: `not a valid pattern: ${(e as Error).message}` });
  }
};

/** Requires every item of a list of objects to have a distinct value at `key`. */
export function uniqueBy(key: string, item: Check, opts: { min?: number } = {}): Check {
  return (v, path, errors) => {
    list(item, opts)(v, path, errors);
    if (!Array.isArray(v)) return;
    const seen = new Map<unknown, number>();
    v.forEach((x, i) => {
      if (!isPlainObject(x)) return;
      const id = (x as Record<string, unknown>)[key];
      if (typeof id !== 'string') return;
      const before = seen.get(id);
      if (before !== undefined)
        errors.push({
          path: `${path}[${i}].${key}`,
          reason: `duplicate "${id}" (first at ${path}[${before}])`,
        });
      else seen.set(id, i);
    });
  };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Runs a check and returns every error found. */
export function validate(check: Check, value: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  check(value, '', errors);
  return errors;
}

/** Formats errors one per line, as shown to trainers. */
export function formatErrors(errors: SchemaError[]): string {
  return errors.map((e) => `${e.path || '(root)'}: ${e.reason}`).join('\n');
}

/** An optional key of an `obj` shape. */
export const opt = (check: Check) => ({ check, optional: true });
/** A required key of an `obj` shape. */
export const req = (check: Check) => ({ check });
/** A list of short words or phrases (case types, values). */
export const words: Check = list(str({ max: 200 }));
/** A date written YYYY-MM-DD. */
export const isoDate: Check = str({
  pattern: /^\d{4}-\d{2}-\d{2}$/,
  hint: 'expected a date as YYYY-MM-DD',
});
/** An id inside a pack: a step, rule, script or scorecard item. */
export const packId: Check = str({
  pattern: /^[A-Za-z0-9][\w.-]*$/,
  hint: 'letters, digits, "_", "-" or "." only',
  max: 120,
});
