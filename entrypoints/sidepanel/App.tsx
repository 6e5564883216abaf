import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CaseHeader } from '../../components/CaseHeader.tsx';
import { Transcript } from '../../components/Transcript.tsx';
import { LocaleContext, resolveLocale, translate } from '../../components/i18n.ts';
import { useSettings, useTabState } from '../../components/queries.ts';

/** Follows the active tab of this window, unless the panel was opened for one tab (`?tab=`). */
function useTabId(boundTab: number | undefined): number | undefined {
  const [tabId, setTabId] = useState(boundTab);
  useEffect(() => {
    if (boundTab !== undefined) return;
    let alive = true;
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      if (alive && tab?.id !== undefined) setTabId(tab.id);
    });
    const onActivated = ({ tabId: id }: { tabId: number }) => setTabId(id);
    browser.tabs.onActivated.addListener(onActivated);
    return () => {
      alive = false;
      browser.tabs.onActivated.removeListener(onActivated);
    };
  }, [boundTab]);
  return tabId;
}

export function App({ boundTab }: { boundTab: number | undefined }) {
  const tabId = useTabId(boundTab);
  const settings = useSettings();
  const locale = resolveLocale(settings.data?.language, navigator.language);
  const tab = useTabState(tabId);
  const t = (key: Parameters<typeof translate>[1], ...subs: string[]) =>
    translate(locale, key, ...subs);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('appTitle');
  }, [locale]);

  const state = tab.data;
  return (
    <LocaleContext.Provider value={locale}>
      <header class="topbar">
        <h1>{t('appTitle')}</h1>
      </header>
      <main>
        <label class="search">
          <span class="visually-hidden">{t('searchLabel')}</span>
          <input type="search" placeholder={t('searchPlaceholder')} />
        </label>
        {tab.isError ? (
          <p class="card" role="status">
            {t('extensionError')}
          </p>
        ) : !state ? (
          <div class="card" role="status">
            <p>{tab.isLoading ? t('loading') : t('noCase')}</p>
            <p class="muted small">{t('noCaseHint')}</p>
          </div>
        ) : (
          <>
            <CaseHeader fields={state.fields} profileName={state.profileName} />
            <Transcript turns={state.turns} />
          </>
        )}
      </main>
    </LocaleContext.Provider>
  );
}
