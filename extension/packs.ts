/**
 * The packs in force for a case: bundled, imported by a trainer and pushed by policy, enabled
 * ones only, in order of precedence, plus the SLA allowances of the settings. The list is
 * loaded once per page or worker and cached; it is reloaded when the stored state changes.
 */
import type { Pack } from '../knowledge/authoring/pack.ts';
import type { Channel, Locale } from '../knowledge/types.ts';
import { casePacks } from '../knowledge/case/bilingual.ts';
import { languageOf, type TabState } from '../knowledge/case/tab.ts';
import { bundledPacks } from './bundled.ts';
import { arrangePacks, packsInForce, type PackEntry } from '../knowledge/authoring/pack-set.ts';
import { getSettings, packStateItem, readPolicy, settingsItem } from './storage.ts';

interface Loaded {
  entries: PackEntry[];
  sla: Partial<Record<Channel, number>>;
}

let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;

/** Reads the pack state, the policy and the SLA settings (once; again after a change). */
export function loadPacks(): Promise<PackEntry[]> {
  loading ??= (async () => {
    const [choice, policy, settings] = await Promise.all([
      packStateItem.getValue(),
      readPolicy(),
      getSettings(),
    ]);
    loaded = {
      entries: arrangePacks(bundledPacks(), choice, policy),
      sla: settings.slaOverrides ?? {},
    };
    return loaded;
  })();
  return loading.then((l) => l.entries);
}

/** Forgets the cached list: the next `loadPacks` reads the storage again. */
export function invalidatePacks(): void {
  loading = undefined;
}

/** Calls back (after reloading) whenever the packs or the settings change. */
export function watchPacks(cb: (entries: PackEntry[]) => void): () => void {
  const reload = () => {
    invalidatePacks();
    void loadPacks().then(cb);
  };
  const offPacks = packStateItem.watch(reload);
  const offSettings = settingsItem.watch(reload);
  return () => {
    offPacks();
    offSettings();
  };
}

/**
 * Packs for a locale, from the loaded list (await `loadPacks()` first); before anything is
 * loaded, the bundled packs.
 */
export function packsFor(locale: Locale): Pack[] {
  const entries =
    loaded?.entries ??
    bundledPacks().map((pack) => ({
      pack,
      source: 'bundled' as const,
      enabled: true,
      locked: false,
    }));
  return packsInForce(entries, locale, loaded?.sla);
}

/**
 * The packs a tab's case runs on, in its own language or both (see knowledge/case/language.ts),
 * from the loaded list.
 */
export function packsForCase(state: Pick<TabState, 'locale' | 'language'>): Pack[] {
  return casePacks(languageOf(state), packsFor);
}
