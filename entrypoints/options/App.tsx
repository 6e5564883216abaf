import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  LocaleContext,
  resolveLocale,
  translate,
  type MessageKey,
} from '../../components/shared/i18n.ts';
import { PacksPanel } from '../../components/console/PacksPanel.tsx';
import { usePackEntries } from '../../components/shared/packs.ts';
import { ProfileEditor } from '../../components/console/ProfileEditor.tsx';
import { useSettings } from '../../components/shared/queries.ts';
import { RecordsPanel } from '../../components/console/RecordsPanel.tsx';
import { RulesPanel } from '../../components/console/RulesPanel.tsx';
import { SettingsPanel } from '../../components/console/SettingsPanel.tsx';
import { packsInForce } from '../../knowledge/authoring/pack-set.ts';

const TABS = ['packs', 'rules', 'profiles', 'records', 'settings'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, MessageKey> = {
  packs: 'tabPacks',
  rules: 'tabRules',
  profiles: 'tabProfiles',
  records: 'tabRecords',
  settings: 'tabSettings',
};

/** The tab named in the address (`options.html#records`), so a tab can be linked and reloaded. */
const tabFromHash = (): Tab => {
  const h = location.hash.slice(1) as Tab;
  return TABS.includes(h) ? h : 'packs';
};

export function App() {
  const settings = useSettings();
  const locale = resolveLocale(settings.data?.language, navigator.language);
  const t = (key: MessageKey, ...subs: (string | number)[]) => translate(locale, key, ...subs);
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const entries = usePackEntries('background').data;
  const packs = useMemo(() => (entries ? packsInForce(entries, locale) : []), [entries, locale]);
  // Step titles for the report, from the packs in force (first pack wins).
  const stepTitles = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of packs) for (const s of p.steps ?? []) if (!m.has(s.id)) m.set(s.id, s.title);
    return m;
  }, [packs]);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('optionsTitle');
  }, [locale]);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  return (
    <LocaleContext.Provider value={locale}>
      <header class="topbar no-print">
        <h1>{t('optionsTitle')}</h1>
      </header>
      <p class="muted no-print" style={{ margin: '8px 12px' }}>
        {t('optionsIntro')}
      </p>
      <nav role="tablist" class="tabs no-print">
        {TABS.map((k) => (
          <button
            key={k}
            role="tab"
            data-tab={k}
            aria-selected={tab === k}
            onClick={() => {
              setTab(k);
              history.replaceState(null, '', `#${k}`);
            }}
          >
            {t(TAB_LABEL[k])}
          </button>
        ))}
      </nav>
      <section role="tabpanel" class="card console" aria-label={t(TAB_LABEL[tab])}>
        {tab === 'packs' && <PacksPanel />}
        {tab === 'rules' && <RulesPanel />}
        {tab === 'profiles' && <ProfileEditor />}
        {tab === 'records' && <RecordsPanel stepTitles={stepTitles} />}
        {tab === 'settings' && <SettingsPanel packs={packs} />}
      </section>
    </LocaleContext.Provider>
  );
}
