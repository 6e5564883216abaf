import { useEffect } from 'preact/hooks';
import type { Theme } from '../../extension/storage.ts';
import type { UiLocale } from '../shared/i18n.ts';

/** The page's language, title and theme follow the agent's settings. */
export function usePageChrome(locale: UiLocale, title: string, theme: Theme = 'auto'): void {
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = title;
  }, [locale]);
  useEffect(() => {
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}
