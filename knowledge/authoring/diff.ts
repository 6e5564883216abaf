/**
 * What changed between two versions of packs: items added, changed or removed. Serves the
 * trainer's import preview and the agent's "what changed since my last shift". Items are
 * compared by a fingerprint, so the old side can be kept small (no full copy of the packs).
 */
import type { Pack } from './pack.ts';

export type ItemKind = 'step' | 'script' | 'article' | 'rule';

export interface ItemPrint {
  kind: ItemKind;
  id: string;
  title: string;
  hash: string;
}

export interface ItemChange {
  kind: ItemKind;
  id: string;
  title: string;
  change: 'added' | 'changed' | 'removed';
}

/** FNV-1a over the item's JSON: enough to notice an edit, small enough to store per item. */
function hash(value: unknown): string {
  const s = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** Fingerprints of every step, script, article and rule of the packs, keyed `kind:id`. */
export function fingerprints(packs: readonly Pack[]): Record<string, ItemPrint> {
  const out: Record<string, ItemPrint> = {};
  const add = (kind: ItemKind, item: { id: string; title: string }) => {
    const key = `${kind}:${item.id}`;
    if (!(key in out)) out[key] = { kind, id: item.id, title: item.title, hash: hash(item) };
  };
  for (const p of packs) {
    p.steps?.forEach((x) => add('step', x));
    p.scripts?.forEach((x) => add('script', x));
    p.articles?.forEach((x) => add('article', x));
    p.rules?.forEach((x) => add('rule', x));
  }
  return out;
}

/** The changes from one set of fingerprints to another: by kind, then added, changed, removed. */
export function diffPrints(
  before: Record<string, ItemPrint>,
  after: Record<string, ItemPrint>,
): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const [key, a] of Object.entries(after)) {
    const b = before[key];
    if (!b) changes.push({ kind: a.kind, id: a.id, title: a.title, change: 'added' });
    else if (b.hash !== a.hash)
      changes.push({ kind: a.kind, id: a.id, title: a.title, change: 'changed' });
  }
  for (const [key, b] of Object.entries(before)) {
    if (!(key in after))
      changes.push({ kind: b.kind, id: b.id, title: b.title, change: 'removed' });
  }
  const kinds: ItemKind[] = ['step', 'script', 'article', 'rule'];
  const what = ['added', 'changed', 'removed'];
  return changes.sort(
    (x, y) =>
      kinds.indexOf(x.kind) - kinds.indexOf(y.kind) ||
      what.indexOf(x.change) - what.indexOf(y.change) ||
      x.title.localeCompare(y.title, 'zh-CN'),
  );
}

/** The changes between an installed pack (or none) and a new version of it. */
export function diffPacks(installed: Pack | undefined, next: Pack): ItemChange[] {
  return diffPrints(installed ? fingerprints([installed]) : {}, fingerprints([next]));
}
