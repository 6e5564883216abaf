/**
 * A trainer's pack file, whatever its kind: a JSON pack, or a CSV/XLSX sheet of articles or
 * scripts that becomes a new version of a pack (the installed one's other sections kept).
 * The result carries the whole validation report: every error with its path, rows taken,
 * merged and refused.
 */
import { decodeText } from '../text/csv.ts';
import { importSpreadsheet, type ImportReport } from './import.ts';
import { parsePack, validatePack, PACK_SCHEMA_VERSION, type Pack } from './pack.ts';
import type { SchemaError } from './schema.ts';
import type { Locale } from '../types.ts';

export interface PackFileResult {
  kind: 'json' | 'sheet';
  pack?: Pack;
  errors: SchemaError[];
  warnings: SchemaError[];
  /** For sheets: rows taken, merged and refused. */
  sheet?: ImportReport;
}

/** Where a sheet's items go: the pack id, name, language and the new version. */
export interface SheetTarget {
  id: string;
  name: string;
  locale: Locale;
  version: string;
}

/** A pack id from a file name: `分行知识库 v2.xlsx` -> `pack-…` when nothing usable is left. */
export function packIdFromFileName(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '');
  const id = base
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|-+$/g, '');
  return id || `pack-${Date.now().toString(36)}`;
}

/** Reads a pack file; `installed` finds the installed pack a sheet adds a version to. */
export function readPackFile(
  bytes: Uint8Array,
  fileName: string,
  target: SheetTarget,
  installed: (id: string) => Pack | undefined,
): PackFileResult {
  if (/\.json$/i.test(fileName)) {
    const r = parsePack(decodeText(bytes).text);
    return r.ok
      ? { kind: 'json', pack: r.pack, errors: [], warnings: r.warnings }
      : { kind: 'json', errors: r.errors, warnings: [] };
  }
  const sheet = importSpreadsheet(bytes, fileName, { locale: target.locale });
  if (!sheet.ok) {
    const result: PackFileResult = {
      kind: 'sheet',
      errors: [{ path: '', reason: sheet.error }],
      warnings: [],
    };
    if (sheet.report) result.sheet = sheet.report;
    return result;
  }
  const base: Pack = installed(target.id) ?? {
    schemaVersion: PACK_SCHEMA_VERSION,
    id: target.id,
    name: target.name,
    locale: target.locale,
    version: target.version,
  };
  const next: Pack = { ...base, name: target.name || base.name, version: target.version };
  // A sheet holds articles or scripts: it replaces that section and keeps the others.
  if (sheet.articles.length > 0) next.articles = sheet.articles;
  if (sheet.scripts.length > 0) next.scripts = sheet.scripts;
  const r = validatePack(next);
  return r.ok
    ? { kind: 'sheet', pack: r.pack, errors: [], warnings: r.warnings, sheet: sheet.report }
    : { kind: 'sheet', errors: r.errors, warnings: [], sheet: sheet.report };
}

/**
 * A copy with every object's keys in sorted order. Browser storage returns objects with sorted
 * keys; comparing item fingerprints needs both versions in the same order.
 */
export function canonical<T>(value: T): T {
  if (Array.isArray(value)) return value.map(canonical) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort())
    out[k] = canonical((value as Record<string, unknown>)[k]);
  return out as T;
}
