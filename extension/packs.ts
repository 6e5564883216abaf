/**
 * The packs in force for a case: the bundled ones of the case's language, in order of
 * precedence. (Trainer-imported packs join here when the console stores them.)
 */
import type { Pack } from '../knowledge/pack.ts';
import type { Locale } from '../knowledge/types.ts';
import { bundledPacks } from './bundled.ts';

/** Packs for a locale; falls back to all packs when none is in that locale. */
export function packsFor(locale: Locale): Pack[] {
  const all = bundledPacks();
  const mine = all.filter((p) => p.locale === locale);
  return mine.length > 0 ? mine : all;
}

/** The pack language for a case: the profile's own `locale`, else the UI language. */
export function caseLocale(profileLocale: unknown, uiLocale: string): Locale {
  if (profileLocale === 'en' || profileLocale === 'zh-CN') return profileLocale;
  return uiLocale === 'en' ? 'en' : 'zh-CN';
}
