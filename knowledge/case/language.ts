/**
 * Which language's packs a case runs on. The agent's UI language says nothing about the
 * customer's: a Chinese CRM in an English browser must still run the Chinese packs. In order:
 * an explicit choice (the pack-language setting or policy, else the CRM profile's `locale`),
 * then what the CRM's frames declare (`<html lang>`, a Chinese charset), then the script of
 * the conversation itself — which also re-decides when the customer and agent switch languages.
 * Pure: every input comes in as an argument.
 */
import { LOCALES, type Locale, type PackLanguage, type Turn } from '../types.ts';

/** The packs a case runs on, and why. */
export interface CaseLanguage {
  /** The language whose packs come first: its scripts are suggested, its rules win on a shared id. */
  primary: Locale;
  /** Both languages' packs run: steps tick from either's detectors, both guards check. */
  bilingual: boolean;
  /** What decided the primary language (`both` or a profile's list decide `bilingual`). */
  source: 'setting' | 'profile' | 'page' | 'conversation' | 'fallback';
}

/** What one frame's document declares about its language. */
export interface PageDeclaration {
  /** `<html lang>` or `xml:lang`. */
  lang?: string;
  /** The declared `<meta charset>`, else `document.characterSet`. */
  charset?: string;
}

/** Everything the decision looks at. */
export interface LanguageInput {
  /** The "pack language for cases" setting (or policy); `auto` when unset. */
  setting?: PackLanguage | undefined;
  /** The CRM profile's `locale`: a locale, a list of them (bilingual), or `auto`. */
  profile?: unknown;
  /** The frames' declarations, the most telling first (the transcript's frame, then the top). */
  pages?: readonly PageDeclaration[];
  turns?: readonly Turn[];
  /** The reply draft, looked at only when nothing else says anything. */
  draft?: string;
  /** Words that say nothing of the language (the customer's name). */
  ignore?: readonly (string | undefined)[];
  /** The language when nothing on the case decides (the agent's UI language). */
  fallback: Locale;
}

/** How many clear turns in a row of the other script switch a case the conversation settled. */
export const SWITCH_TURNS = 3;
/** Words (Latin) or two-character units (Han) that make a turn count for bilingualism. */
const SUBSTANTIAL = 5;

type Script = 'zh' | 'en' | 'mixed';
interface Scored {
  script: Script | undefined;
  han: number;
  latin: number;
}

const LOCALE_OF: Record<'zh' | 'en', Locale> = { zh: 'zh-CN', en: 'en' };
const HAN = /\p{Script=Han}/gu;
// Each starts only where a token starts (the lookbehinds), so a long run of letters is scanned
// once, not once per letter: a 100,000-letter message must not stall the case.
const NOISE = [
  /<\/?[a-z][^<>]{0,300}>/giu, // markup pasted into a message
  /(?<!\S)(?:https?:\/\/|www\.)\S+/giu, // addresses
  /(?<!\S)[^\s@]+@\S+\.\S+/gu, // e-mail
  /(?<![\p{Script=Latin}\d_.%-])[\p{Script=Latin}\d_.%-]*\d[\p{Script=Latin}\d_.%-]*/gu, // numbers and product codes (A123, 2024Q3, 6.5%)
  /\b\p{Lu}{2,}\b/gu, // acronyms and codes (ETF, QDII, OTP)
  /\p{Script=Latin}{25,}/gu, // no word is this long: a pasted token or a key held down
];
/** Enough of a message to tell its script. */
const SAMPLE = 2000;
const LATIN_WORD = /\p{Script=Latin}{2,}/gu;
const CHINESE_CHARSETS =
  /^(?:gbk|x-gbk|gb2312|gb_2312-80|gb18030|hz-gb-2312|euc-cn|cp936|windows-936|big5|big5-hkscs|x-euc-tw|cn-big5|csbig5)$/i;
/** Regions where a case is often in both languages. */
const BILINGUAL_REGIONS = new Set(['HK', 'SG', 'MO', 'MY']);

/**
 * The script of one message: Han characters (two to a word) against Latin words, after
 * dropping addresses, numbers, product codes, acronyms and the given names. `zh` or `en` when
 * one script has 70 % or more and enough to tell; `mixed` when both have some; else undefined.
 */
export function scriptOf(text: string, ignore: readonly (string | undefined)[] = []): Scored {
  let t = text.slice(0, SAMPLE);
  for (const re of NOISE) t = t.replace(re, ' ');
  for (const name of ignore) {
    for (const part of (name ?? '').split(/\s+/u).filter((p) => p.length >= 2))
      t = t.split(part).join(' ');
  }
  const han = (t.match(HAN)?.length ?? 0) / 2;
  const latin = t.match(LATIN_WORD)?.length ?? 0;
  const total = han + latin;
  let script: Script | undefined;
  if (han >= 2 && han / total >= 0.7) script = 'zh';
  else if (latin >= 3 && latin / total >= 0.7) script = 'en';
  else if (han >= 2 && latin >= 2) script = 'mixed';
  return { script, han, latin };
}

/**
 * A language tag (`zh-HK`, `zh-Hant-TW`, `en-SG`) as a pack locale, and whether its region is
 * one where cases are often bilingual. Traditional Chinese runs the zh-CN packs: the guard and
 * the detectors fold traditional characters to simplified.
 */
export function localeOfTag(tag: string | undefined): { locale?: Locale; regional: boolean } {
  const parts = (tag ?? '').trim().split(/[-_]/u);
  const lang = parts[0]!.toLowerCase();
  const regional = parts.slice(1).some((p) => BILINGUAL_REGIONS.has(p.toUpperCase()));
  if (lang === 'zh' || lang === 'cmn' || lang === 'yue') return { locale: 'zh-CN', regional };
  if (lang === 'en') return { locale: 'en', regional };
  return { regional };
}

/** A charset as a locale: the Chinese encodings (GBK, GB2312, GB18030, Big5) say Chinese; UTF-8 says nothing. */
export function localeOfCharset(charset: string | undefined): Locale | undefined {
  return charset && CHINESE_CHARSETS.test(charset.trim()) ? 'zh-CN' : undefined;
}

/** What the frames declare: the first `lang` a frame gives, else the first Chinese charset. */
export function pageLanguage(pages: readonly PageDeclaration[]): {
  locale?: Locale;
  regional: boolean;
} {
  const tags = pages.map((p) => localeOfTag(p.lang));
  const regional = tags.some((t) => t.regional);
  const tagged = tags.find((t) => t.locale)?.locale;
  if (tagged) return { locale: tagged, regional };
  const charset = pages.map((p) => localeOfCharset(p.charset)).find((l) => l);
  return charset ? { locale: charset, regional } : { regional };
}

/** An explicit choice: the setting first, then the profile. Undefined for `auto`. */
function explicitChoice(
  setting: PackLanguage | undefined,
  profile: unknown,
): { primary?: Locale; bilingual: boolean; source: 'setting' | 'profile' } | undefined {
  if (setting === 'zh-CN' || setting === 'en')
    return { primary: setting, bilingual: false, source: 'setting' };
  if (setting === 'both') return { bilingual: true, source: 'setting' };
  const listed = (Array.isArray(profile) ? profile : [profile])
    .map((p) => (typeof p === 'string' && p !== 'auto' ? localeOfTag(p).locale : undefined))
    .filter((l): l is Locale => l !== undefined);
  const distinct = [...new Set(listed)];
  if (distinct.length === 0) return undefined;
  return { primary: distinct[0]!, bilingual: distinct.length > 1, source: 'profile' };
}

/**
 * The conversation's language, given the one in force. Unsettled (nothing in force), the
 * majority of clear turns. A language nothing in the conversation supports gives way to it at
 * once. Once the conversation has supported one, it changes only after SWITCH_TURNS clear
 * turns in a row of the other script: one English product name in a Chinese chat changes nothing.
 */
function conversationLocale(scored: readonly Scored[], current: Locale | undefined) {
  const clear = scored
    .map((s) => s.script)
    .filter((s): s is 'zh' | 'en' => s === 'zh' || s === 'en')
    .map((s) => LOCALE_OF[s]);
  const last = clear.at(-1);
  if (last === undefined) return undefined;
  if (current === undefined) {
    const zh = clear.filter((l) => l === 'zh-CN').length;
    return zh * 2 === clear.length ? last : zh * 2 > clear.length ? 'zh-CN' : 'en';
  }
  if (!clear.includes(current)) return last;
  const recent = clear.slice(-SWITCH_TURNS);
  return recent.length === SWITCH_TURNS && recent.every((l) => l !== current) ? last : current;
}

/**
 * Whether both scripts are substantial in the conversation: a real message in each (a
 * product name is not one), or two messages mixing both. On a Hong Kong or Singapore page a
 * single message of the other script or mixing both is enough.
 */
function conversationBilingual(scored: readonly Scored[], regional: boolean): boolean {
  const min = regional ? 2 : SUBSTANTIAL;
  const zh = scored.some((s) => s.script === 'zh' && s.han >= min);
  const en = scored.some((s) => s.script === 'en' && s.latin >= min);
  const mixed = scored.filter((s) => s.script === 'mixed').length;
  return (zh && en) || mixed >= (regional ? 1 : 2);
}

/**
 * Decides the case's pack languages, again on every report: `prev` is the decision so far
 * (undefined when the case opens). A fixed setting or profile locale is final. Otherwise the
 * primary language is the conversation's once it has spoken (with hysteresis against `prev`),
 * before that what the pages declare, then the draft, then `fallback`. A case that has been
 * bilingual, or whose conversation switched language, runs both packs from then on.
 */
export function decideLanguage(input: LanguageInput, prev?: CaseLanguage): CaseLanguage {
  const explicit = explicitChoice(input.setting, input.profile);
  if (explicit?.primary && !explicit.bilingual)
    return { primary: explicit.primary, bilingual: false, source: explicit.source };
  const page = pageLanguage(input.pages ?? []);
  const ignore = input.ignore ?? [];
  const scored = (input.turns ?? []).map((t) => scriptOf(t.text, ignore));
  // Only what the conversation settled is kept against the pages: they may still be loading.
  const settled = prev?.source === 'conversation' ? prev.primary : undefined;
  const spoken = conversationLocale(scored, settled ?? page.locale ?? explicit?.primary);
  // A conversation that has switched was in both languages: both packs run from then on.
  const switched = settled !== undefined && spoken !== undefined && spoken !== settled;
  const bilingual =
    (explicit?.bilingual ?? false) ||
    (prev?.bilingual ?? false) ||
    switched ||
    conversationBilingual(scored, page.regional);
  const decided = (primary: Locale, source: CaseLanguage['source']): CaseLanguage => {
    return { primary, bilingual, source };
  };
  if (spoken ?? settled) return decided((spoken ?? settled)!, 'conversation');
  if (page.locale) return decided(page.locale, 'page');
  if (explicit?.primary) return decided(explicit.primary, explicit.source);
  const drafted = scriptOf(input.draft ?? '', ignore).script;
  if (drafted === 'zh' || drafted === 'en') return decided(LOCALE_OF[drafted], 'conversation');
  return decided(input.fallback, 'fallback');
}

/** The locales whose packs run, the primary first. */
export function caseLocales(language: CaseLanguage): Locale[] {
  return language.bilingual
    ? [language.primary, ...LOCALES.filter((l) => l !== language.primary)]
    : [language.primary];
}

/** Whether two decisions run the same packs in the same order. */
export function sameLanguage(a: CaseLanguage | undefined, b: CaseLanguage): boolean {
  return a?.primary === b.primary && a.bilingual === b.bilingual;
}
