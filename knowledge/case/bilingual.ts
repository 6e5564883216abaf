/**
 * The packs a bilingual case runs on: both languages' packs, the primary language's first, so
 * its rules, scripts and step texts win where both define the same id. The guard keeps every
 * rule of a distinct id, so both guards check; the SOP keeps only the first step of an id, and
 * both languages' SOP packs share their step ids — so the shared steps come once, up front, in
 * a pack of their own that carries the detectors of both (each pattern with its own pack's
 * terms written out, as the two packs name different patterns by the same term).
 */
import { PACK_SCHEMA_VERSION, type Detector, type Pack, type SopStep } from '../authoring/pack.ts';
import { expandTerms } from '../rules/patterns.ts';
import type { Locale } from '../types.ts';
import { caseLocales, type CaseLanguage } from './language.ts';
import { packKey } from './session.ts';

/** The id of the pack that merges the steps of a bilingual case. */
export const BILINGUAL_STEPS_ID = 'case.bilingual-steps';

const cache = new Map<string, Pack[]>();

function written(d: Detector, terms: Record<string, string> | undefined): Detector {
  const out: Detector = { ...d };
  const expand = (list: string[] | undefined) => list?.map((p) => expandTerms(p, terms));
  if (d.all) out.all = expand(d.all)!;
  if (d.any) out.any = expand(d.any)!;
  if (d.none) out.none = expand(d.none)!;
  return out;
}

/** Every step in the order the SOP would meet them, each with the detectors of all the packs. */
function mergedSteps(packs: readonly Pack[]): SopStep[] {
  const steps = new Map<string, SopStep>();
  for (const pack of packs) {
    const terms = pack.guard?.terms;
    for (const step of pack.steps ?? []) {
      const detectors = step.detectors.map((d) => written(d, terms));
      const first = steps.get(step.id);
      if (first) first.detectors.push(...detectors);
      else steps.set(step.id, { ...step, detectors });
    }
  }
  return [...steps.values()];
}

/**
 * The packs of a case in both languages, `primary`'s first; a pack in both lists (the same
 * id) comes once. The result is the same array for the same packs, so it compiles once.
 */
export function bilingualPacks(primary: readonly Pack[], secondary: readonly Pack[]): Pack[] {
  const ids = new Set(primary.map((p) => p.id));
  const rest = secondary.filter((p) => !ids.has(p.id));
  const all = [...primary, ...rest];
  const key = packKey(all);
  const hit = cache.get(key);
  if (hit) return hit;
  const steps = mergedSteps(all);
  const sharing = steps.length > 0 && primary.some((p) => p.steps?.length) && rest.length > 0;
  const packs: Pack[] = sharing
    ? [
        {
          schemaVersion: PACK_SCHEMA_VERSION,
          id: BILINGUAL_STEPS_ID,
          name: BILINGUAL_STEPS_ID,
          locale: all[0]!.locale,
          version: key,
          steps,
        },
        ...all,
      ]
    : all;
  if (cache.size > 8) cache.clear();
  cache.set(key, packs);
  return packs;
}

/**
 * The packs a case runs on, from the packs in force per language: the primary language's
 * alone, or for a bilingual case both languages' (see `bilingualPacks`).
 */
export function casePacks(language: CaseLanguage, packs: (locale: Locale) => Pack[]): Pack[] {
  const [primary, other] = caseLocales(language);
  return other ? bilingualPacks(packs(primary!), packs(other)) : packs(primary!);
}
