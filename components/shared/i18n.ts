/** The UI language of a page and its translate function, for Preact components. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { translate, type MessageKey } from '../../extension/i18n.ts';
import { type Locale, resolveLocale } from '../../knowledge/types.ts';

export { translate, translateOr, type MessageKey } from '../../extension/i18n.ts';
export { resolveLocale };
export type UiLocale = Locale;

export type Translate = (key: MessageKey, ...subs: (string | number)[]) => string;

export const LocaleContext = createContext<UiLocale>('zh-CN');

/** The translate function of the surrounding locale. */
export function useT(): { t: Translate; locale: UiLocale } {
  const locale = useContext(LocaleContext);
  return { t: (key, ...subs) => translate(locale, key, ...subs), locale };
}

/**
 * The message for a write that failed: a full disk (the background's StorageFullError, whose
 * message crosses the message channel) or any other failure.
 */
export function savingFailure(e: unknown): 'storageFull' | 'saveFailed' {
  const message = String((e as { message?: unknown } | null)?.message ?? e);
  return /storage full|quota/i.test(message) ? 'storageFull' : 'saveFailed';
}
