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
import { withLocalExamples, type LocalExamples } from '../knowledge/authoring/rule-examples.ts';
import {
  getSettings,
  packStateItem,
  readPolicy,
  ruleExamplesItem,
  settingsItem,
} from './storage.ts';

interface Loaded {
  entries: PackEntry[];
  sla: Partial<Record<Channel, number>>;
  /** Example sentences trainers added to rules on this machine. */
  examples: LocalExamples;
}

let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;

/** Reads the pack state, the policy and the SLA settings (once; again after a change). */
export function loadPacks(): Promise<PackEntry[]> {
  loading ??= (async () => {
    const [choice, policy, settings, examples] = await Promise.all([
      packStateItem.getValue(),
      readPolicy(),
      getSettings(),
      ruleExamplesItem.getValue(),
    ]);
    loaded = {
      entries: arrangePacks(bundledPacks(), choice, policy),
      sla: settings.slaOverrides ?? {},
      examples: examples ?? {},
    };
    return loaded;
  })();
  return loading.then((l) => l.entries);
}

/** Forgets the cached list: the next `loadPacks` reads the storage again. */
export function invalidatePacks(): void {
  loading = undefined;
}

/** Calls back (after reloading) whenever the packs, the settings or the local examples change. */
export function watchPacks(cb: (entries: PackEntry[]) => void): () => void {
  const reload = () => {
    invalidatePacks();
    void loadPacks().then(cb);
  };
  const offPacks = packStateItem.watch(reload);
  const offSettings = settingsItem.watch(reload);
  const offExamples = ruleExamplesItem.watch(reload);
  return () => {
    offPacks();
    offSettings();
    offExamples();
  };
}

/**
 * Packs for a locale, from the loaded list (await `loadPacks()` first), their rules carrying
 * the examples trainers added on this machine; before anything is loaded, the bundled packs.
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
  return withLocalExamples(packsInForce(entries, locale, loaded?.sla), loaded?.examples ?? {})
    .packs;
}

/**
 * The packs a tab's case runs on, in its own language or both (see knowledge/case/language.ts),
 * from the loaded list.
 */
export function packsForCase(state: Pick<TabState, 'locale' | 'language'>): Pack[] {
  return casePacks(languageOf(state), packsFor);
}
