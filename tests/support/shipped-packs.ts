import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Pack, parsePack } from '../../knowledge/authoring/pack.ts';
import type { Locale } from '../../knowledge/types.ts';

/** Where the default packs ship from. */
export const PACKS_DIR = join(import.meta.dirname, '../../knowledge/packs');

/** A default pack (`xx-finance-<kind>.<locale>.json`), validated; throws its errors if broken. */
export function shippedPack(kind: 'sop' | 'kb', locale: Locale): Pack {
  const r = parsePack(readFileSync(join(PACKS_DIR, `xx-finance-${kind}.${locale}.json`), 'utf8'));
  if (!r.ok) throw new Error(`${kind}.${locale}: ${JSON.stringify(r.errors)}`);
  return r.pack;
}
