/**
 * The engine's own synonyms: everyday words of bank customers beside the terms FAQs use
 * ("卡丢了" for 挂失, "钱没到" for 到账), for every pack of a language on top of the pack's own
 * groups. Hand-written, because no open-licensed Chinese banking synonym list was found (see the
 * README's search section); one group per meaning in `knowledge/data/`.
 */
import zhCN from '../data/bank-synonyms.zh-CN.json';
import type { Locale } from '../types.ts';

const BY_LOCALE: Partial<Record<Locale, { groups: string[][] }>> = { 'zh-CN': zhCN };

/** The built-in synonym groups of a locale (none for a locale without a table). */
export function lexiconGroups(locale: Locale | undefined): string[][] {
  return (locale && BY_LOCALE[locale]?.groups) || [];
}
