/**
 * Maps a CRM page with the point-and-click picker: choose an open CRM tab, grant access to its
 * origin, pick an element for each field, see what every frame reads, save the profile. The
 * browser side lives in extension/picker-host.ts, the editing of the draft in knowledge/crm.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  crmTabs,
  hasAccess,
  onPicked,
  originsOf,
  requestAccess,
  showTab,
  startPicking,
  stopPicking,
  testInFrames,
  type CrmTab,
} from '../../extension/picker-host.ts';
import { type CrmProfile, matchesPattern } from '../../knowledge/crm/profile.ts';
import {
  addField,
  applyPick,
  isFieldName,
  newProfile,
  pickTargets,
  ruleSelectors,
  setSelectors,
  summarise,
  type TargetResult,
} from '../../knowledge/crm/profile-edit.ts';
import { KNOWN_FIELDS } from '../../knowledge/types.ts';
import type { SchemaError } from '../../knowledge/authoring/schema.ts';
import { translateOr, useT } from '../shared/i18n.ts';
import { checkProfileJson, ErrorList } from './ProfileErrors.tsx';

const STATUS_LABEL = {
  ok: 'pickerStatus_ok',
  missing: 'pickerStatus_missing',
  empty: 'pickerStatus_empty',
  'bad-selector': 'pickerStatus_badSelector',
} as const;

/** The open tabs, read again on demand (after access is granted, say). */
function useTabs() {
  const [tabs, setTabs] = useState<CrmTab[]>([]);
  const reload = async (): Promise<void> => setTabs(await crmTabs());
  useEffect(() => {
    void reload();
  }, []);
  return { tabs, reload };
}

/**
 * The draft being mapped and the picker in the chosen tab: picking one entry at a time, each
 * pick applied to the draft and tested at once in every frame.
 */
function usePicker(initial: CrmProfile | undefined, onMessage: (m: string) => void) {
  const { t, locale } = useT();
  const [tabId, setTabId] = useState<number | undefined>();
  const [profile, setProfile] = useState<CrmProfile>(initial ?? newProfile(undefined));
  const [matchesText, setMatchesText] = useState((initial?.matches ?? []).join('\n'));
  const [picking, setPicking] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, TargetResult> | null>(null);
  const matches = matchesText.split(/\s+/).filter((m) => m !== '');
  const withMatches = { ...profile, matches };

  // What the pick handler must see now, not as of the render that registered it.
  const live = useRef({ tabId, picking: null as string | null, profile: withMatches });
  live.current.tabId = tabId;
  live.current.profile = withMatches;

  const runTest = async (p: CrmProfile = live.current.profile): Promise<void> => {
    const id = live.current.tabId;
    if (id === undefined) return;
    try {
      setResults(summarise(p, await testInFrames(id, p)));
      onMessage('');
    } catch (e) {
      onMessage(t('pickerNoAccess', (e as Error).message));
    }
  };

  // The picker in the CRM tab reports each click here.
  useEffect(
    () =>
      onPicked((picked, fromTab) => {
        const now = live.current;
        if (fromTab !== now.tabId || picked.target !== now.picking) return false;
        now.picking = null;
        const next = applyPick(now.profile, picked);
        setProfile(next);
        setPicking(null);
        if (now.tabId !== undefined) stopPicking(now.tabId);
        void runTest(next);
        return true;
      }),
    [],
  );

  const pick = async (target: string): Promise<void> => {
    if (tabId === undefined) return;
    try {
      await startPicking(tabId, target, translateOr(locale, `field_${target}`, target));
      // Shown as picking only once every frame listens for the click.
      live.current.picking = target;
      setPicking(target);
      await showTab(tabId);
    } catch (e) {
      live.current.picking = null;
      setPicking(null);
      onMessage(t('pickerNoAccess', (e as Error).message));
    }
  };

  const chooseTab = (tab: CrmTab | undefined, id: number): void => {
    setTabId(id);
    setResults(null);
    if (initial || !tab?.url) return;
    const fresh = newProfile(tab.url);
    setProfile((p) => ({
      ...p,
      id: fresh.id,
      name: p.name === 'crm' || !p.name ? fresh.name : p.name,
    }));
    if (matches.length === 0) setMatchesText(fresh.matches.join('\n'));
  };

  return {
    tabId,
    profile,
    setProfile,
    matchesText,
    setMatchesText,
    withMatches,
    picking,
    results,
    runTest,
    pick,
    chooseTab,
  };
}

export function PickerPanel({
  initial,
  onSave,
  onClose,
}: {
  initial?: CrmProfile;
  onSave: (p: CrmProfile) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useT();
  const { tabs, reload } = useTabs();
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<SchemaError[]>([]);
  const p = usePicker(initial, setMessage);

  // The draft is checked as an imported profile would be: the same errors, the same paths.
  const save = async (): Promise<void> => {
    const checked = checkProfileJson(JSON.stringify(p.withMatches));
    setErrors(checked.ok ? [] : checked.errors);
    if (checked.ok) await onSave(checked.profile);
  };

  return (
    <div class="picker-panel">
      <h2>{t('pickerTitle')}</h2>
      <p class="small muted">{t('pickerIntro')}</p>
      <TabChoice
        tabs={tabs}
        tabId={p.tabId}
        onChoose={(id) =>
          p.chooseTab(
            tabs.find((x) => x.id === id),
            id,
          )
        }
        onReload={() => void reload()}
      />
      <ProfileMeta
        profile={p.profile}
        onProfile={p.setProfile}
        matchesText={p.matchesText}
        onMatches={p.setMatchesText}
        tab={tabs.find((x) => x.id === p.tabId)}
        onMessage={setMessage}
        onGranted={() => void reload()}
      />
      {message && <p role="status">{message}</p>}
      <TargetTable
        profile={p.profile}
        results={p.results}
        picking={p.picking}
        canPick={p.tabId !== undefined}
        onSelectors={(target, text) => p.setProfile((d) => setSelectors(d, target, text))}
        onPick={(target) => void p.pick(target)}
      />
      <AddField onAdd={(name) => p.setProfile(addField(p.profile, name))} />
      <ErrorList errors={errors} />
      <button
        type="button"
        data-action="test"
        disabled={p.tabId === undefined}
        onClick={() => void p.runTest()}
      >
        {t('pickerTest')}
      </button>{' '}
      <button type="button" class="primary" data-action="save-profile" onClick={() => void save()}>
        {t('pickerSave')}
      </button>{' '}
      <button
        type="button"
        data-action="close"
        onClick={() => {
          if (p.tabId !== undefined) stopPicking(p.tabId);
          onClose();
        }}
      >
        {t('profileCancel')}
      </button>
    </div>
  );
}

function TabChoice({
  tabs,
  tabId,
  onChoose,
  onReload,
}: {
  tabs: CrmTab[];
  tabId: number | undefined;
  onChoose: (id: number) => void;
  onReload: () => void;
}) {
  const { t } = useT();
  return (
    <>
      <label>
        {t('pickerTab')}{' '}
        <select
          data-action="tab"
          value={tabId === undefined ? '' : String(tabId)}
          onChange={(e) => onChoose(Number(e.currentTarget.value))}
        >
          <option value="">{t('pickerChooseTab')}</option>
          {tabs.map((x) => (
            <option key={x.id} value={String(x.id)}>
              {x.title ? `${x.title} — ${x.url}` : x.url}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" data-action="reload-tabs" onClick={onReload}>
        {t('pickerReloadTabs')}
      </button>
    </>
  );
}

/** The draft's id, name and URL patterns, and access to the origins they cover. */
function ProfileMeta({
  profile,
  onProfile,
  matchesText,
  onMatches,
  tab,
  onMessage,
  onGranted,
}: {
  profile: CrmProfile;
  onProfile: (p: CrmProfile) => void;
  matchesText: string;
  onMatches: (text: string) => void;
  tab: CrmTab | undefined;
  onMessage: (m: string) => void;
  onGranted: () => void;
}) {
  const { t } = useT();
  const [granted, setGranted] = useState(false);
  const matches = matchesText.split(/\s+/).filter((m) => m !== '');
  useEffect(() => {
    void hasAccess({ matches }).then(setGranted, () => setGranted(false));
  }, [matchesText]);
  const grant = (): void => {
    // Straight from the click: the browser asks only during a user gesture.
    void requestAccess({ matches })
      .then((ok) => {
        setGranted(ok);
        onMessage(ok ? t('accessGranted') : t('accessRefused'));
        if (ok) onGranted();
      })
      .catch((e: Error) => onMessage(e.message));
  };
  return (
    <div class="picker-meta">
      <label>
        {t('pickerProfileId')}{' '}
        <input
          data-role="profile-id"
          value={profile.id}
          onInput={(e) => onProfile({ ...profile, id: e.currentTarget.value })}
        />
      </label>{' '}
      <label>
        {t('colName')}{' '}
        <input
          data-role="profile-name"
          value={profile.name}
          onInput={(e) => onProfile({ ...profile, name: e.currentTarget.value })}
        />
      </label>
      <label style={{ display: 'block' }}>
        {t('colMatches')}
        <textarea
          data-role="matches"
          rows={2}
          value={matchesText}
          onInput={(e) => onMatches(e.currentTarget.value)}
          style={{ width: '100%' }}
        />
      </label>
      {matches.length > 0 && (
        <p class="small" data-access={granted ? 'granted' : 'missing'}>
          {granted
            ? t('accessHave', originsOf({ matches }).join(' '))
            : t('accessNeed', originsOf({ matches }).join(' '))}{' '}
          {!granted && (
            <button type="button" data-action="grant" onClick={grant}>
              {t('accessGrant')}
            </button>
          )}
        </p>
      )}
      {tab && matches.length > 0 && !matches.some((m) => matchesPattern(tab.url, m)) && (
        <p class="small" role="alert">
          {t('pickerTabNotMatched')}
        </p>
      )}
    </div>
  );
}

/** Every entry of the draft: its selectors, what the last test found, the pick button. */
function TargetTable({
  profile,
  results,
  picking,
  canPick,
  onSelectors,
  onPick,
}: {
  profile: CrmProfile;
  results: Record<string, TargetResult> | null;
  picking: string | null;
  canPick: boolean;
  onSelectors: (target: string, text: string) => void;
  onPick: (target: string) => void;
}) {
  const { t, locale } = useT();
  return (
    <table class="picker-fields">
      <thead>
        <tr>
          <th>{t('pickerField')}</th>
          <th>{t('pickerSelector')}</th>
          <th>{t('pickerResult')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {pickTargets(profile, KNOWN_FIELDS).map((target) => {
          const sels = ruleSelectors(profile, target);
          return (
            <tr key={target} data-target={target}>
              <td>{translateOr(locale, `field_${target}`, target)}</td>
              <td>
                <textarea
                  data-role="selector"
                  rows={Math.max(1, sels.length)}
                  value={sels.join('\n')}
                  onChange={(e) => onSelectors(target, e.currentTarget.value)}
                  style={{ width: '100%', fontFamily: 'ui-monospace, monospace' }}
                />
              </td>
              <ResultCell result={results?.[target]} mapped={sels.length > 0} />
              <td>
                <button
                  type="button"
                  data-action="pick"
                  disabled={!canPick}
                  aria-pressed={picking === target}
                  onClick={() => onPick(target)}
                >
                  {picking === target ? t('pickerPicking') : t('pickerPick')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ResultCell({ result: r, mapped }: { result: TargetResult | undefined; mapped: boolean }) {
  const { t } = useT();
  return (
    <td
      data-role="result"
      data-status={r ? r.status : mapped ? 'untested' : 'unmapped'}
      data-value={r?.value ?? ''}
      class={r && r.status !== 'ok' ? 'broken' : undefined}
    >
      {!r
        ? mapped
          ? t('pickerUntested')
          : '—'
        : r.status === 'ok'
          ? `✓ ${r.value ?? t('pickerFound')}`
          : `✗ ${t(STATUS_LABEL[r.status])}`}
      {r && r.frames.length > 1 && (
        <ul class="small muted frames">
          {r.frames.map((f, i) => (
            <li key={i} data-frame={f.url}>
              {f.topFrame ? t('pickerTopFrame') : f.url}:{' '}
              {f.status === 'ok' ? (f.value ?? '✓') : f.status} ({t('pickerMatches', f.count)})
            </li>
          ))}
        </ul>
      )}
    </td>
  );
}

function AddField({ onAdd }: { onAdd: (name: string) => void }) {
  const { t } = useT();
  const [extra, setExtra] = useState('');
  return (
    <p>
      <input
        data-role="new-field"
        placeholder={t('pickerNewField')}
        value={extra}
        onInput={(e) => setExtra(e.currentTarget.value)}
      />{' '}
      <button
        type="button"
        data-action="add-field"
        disabled={!isFieldName(extra)}
        onClick={() => {
          onAdd(extra);
          setExtra('');
        }}
      >
        {t('pickerAddField')}
      </button>
    </p>
  );
}
