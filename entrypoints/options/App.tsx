import { useEffect, useState } from 'preact/hooks';
import { LocaleContext, resolveLocale, translate, type MessageKey } from '../../components/i18n.ts';
import { useSettings } from '../../components/queries.ts';
import { bundledPacks, bundledProfiles } from '../../extension/bundled.ts';
import { send } from '../../extension/messages.ts';

const TABS = ['tabPacks', 'tabProfiles', 'tabRecords', 'tabSettings'] as const;

export function App() {
  const settings = useSettings();
  const locale = resolveLocale(settings.data?.language, navigator.language);
  const t = (key: MessageKey, ...subs: (string | number)[]) => translate(locale, key, ...subs);
  const [tab, setTab] = useState<(typeof TABS)[number]>('tabPacks');
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('optionsTitle');
  }, [locale]);

  return (
    <LocaleContext.Provider value={locale}>
      <header class="topbar">
        <h1>{t('optionsTitle')}</h1>
      </header>
      <p class="muted" style={{ margin: '8px 12px' }}>
        {t('optionsIntro')}
      </p>
      <nav role="tablist" class="tabs">
        {TABS.map((k) => (
          <button key={k} role="tab" aria-selected={tab === k} onClick={() => setTab(k)}>
            {t(k)}
          </button>
        ))}
      </nav>
      <section role="tabpanel" class="card">
        {tab === 'tabPacks' && (
          <table>
            <caption>{t('packsInstalled')}</caption>
            <thead>
              <tr>
                <th>{t('colName')}</th>
                <th>{t('colLocale')}</th>
                <th>{t('colVersion')}</th>
                <th>{t('colItems')}</th>
              </tr>
            </thead>
            <tbody>
              {bundledPacks().map((p) => (
                <tr key={p.id} data-pack={p.id}>
                  <td>{p.name}</td>
                  <td>{p.locale}</td>
                  <td>{p.version}</td>
                  <td>
                    {t(
                      'itemsSummary',
                      p.steps?.length ?? 0,
                      p.scripts?.length ?? 0,
                      p.articles?.length ?? 0,
                      p.rules?.length ?? 0,
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tab === 'tabProfiles' && (
          <table>
            <caption>{t('profilesInstalled')}</caption>
            <thead>
              <tr>
                <th>{t('colName')}</th>
                <th>{t('colMatches')}</th>
              </tr>
            </thead>
            <tbody>
              {bundledProfiles().map((p) => (
                <tr key={p.id} data-profile={p.id}>
                  <td>{p.name}</td>
                  <td>{p.matches.join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tab === 'tabRecords' && <p>{t('comingSoon')}</p>}
        {tab === 'tabSettings' && settings.data && <SettingsForm t={t} initial={settings.data} />}
      </section>
    </LocaleContext.Provider>
  );
}

function SettingsForm({
  t,
  initial,
}: {
  t: (key: MessageKey) => string;
  initial: NonNullable<ReturnType<typeof useSettings>['data']>;
}) {
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    await send('settings/set', draft);
    setSaved(true);
  };
  return (
    <form class="settings" onSubmit={save}>
      <label>
        {t('settingsAgentId')}
        <input
          value={draft.agentId}
          onInput={(e) => setDraft({ ...draft, agentId: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('settingsAgentName')}
        <input
          value={draft.agentName}
          onInput={(e) => setDraft({ ...draft, agentName: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('settingsRole')}
        <select
          value={draft.role}
          onChange={(e) => setDraft({ ...draft, role: e.currentTarget.value })}
        >
          <option value="agent">{t('role_agent')}</option>
          <option value="senior">{t('role_senior')}</option>
          <option value="supervisor">{t('role_supervisor')}</option>
        </select>
      </label>
      <label>
        {t('settingsLanguage')}
        <select
          value={draft.language}
          onChange={(e) =>
            setDraft({ ...draft, language: e.currentTarget.value as typeof draft.language })
          }
        >
          <option value="auto">{t('language_auto')}</option>
          <option value="zh-CN">{t('language_zh')}</option>
          <option value="en">{t('language_en')}</option>
        </select>
      </label>
      <label>
        {t('settingsRetention')}
        <input
          type="number"
          min={1}
          max={3650}
          value={draft.retentionDays}
          onInput={(e) => setDraft({ ...draft, retentionDays: Number(e.currentTarget.value) || 1 })}
        />
      </label>
      <button class="primary" type="submit">
        {t('save')}
      </button>
      {saved && <span role="status">{t('settingsSaved')}</span>}
    </form>
  );
}
