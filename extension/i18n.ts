/**
 * UI strings: the extension's own _locales files are the one source, so the manifest and the
 * pages share them, and the UI language can differ from the browser's (switchable).
 */
import zh from '../public/_locales/zh_CN/messages.json';
import en from '../public/_locales/en/messages.json';
import type { Locale } from '../knowledge/types.ts';

export type MessageKey = keyof typeof zh;

const tables: Record<Locale, Record<string, { message: string }>> = { 'zh-CN': zh, en };

/** Translates a key, substituting $1, $2 … ; a missing key shows as itself so it is noticed. */
export function translate(locale: Locale, key: string, ...subs: (string | number)[]): string {
  const message = tables[locale][key]?.message ?? tables.en[key]?.message ?? key;
  return message.replace(/\$(\d)/g, (_, n: string) => String(subs[Number(n) - 1] ?? ''));
}

/** Translates when the key exists, else returns the fallback (values a pack may define). */
export function translateOr(locale: Locale, key: string, fallback: string): string {
  return tables[locale][key]?.message ?? fallback;
}
