/**
 * Settings: agent ID, name, team, role, UI language, the packs' language for cases, retention
 * days and SLA allowances per channel (over the packs' own). What enterprise policy sets is
 * shown locked.
 */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import { countsSeconds } from '../../knowledge/authoring/pack-set.ts';
import type { PolicySetting } from '../../knowledge/authoring/policy.ts';
import {
  getSettingsLocked,
  readPolicy,
  settingsItem,
  type Settings,
} from '../../extension/storage.ts';
import { policyFor } from '../../knowledge/case/sla.ts';
import type { Pack } from '../../knowledge/authoring/pack.ts';
import { CHANNELS, type Channel } from '../../knowledge/types.ts';
import { savingFailure, useT } from '../shared/i18n.ts';
import { keys } from '../shared/queries.ts';
import { StorageFull } from '../shared/StorageFull.tsx';
import { CENTRE_KEYS, CentreSettings } from './CentreSettings.tsx';

/** Settings with the keys policy locked, kept live. */
export function useLockedSettings() {
  const client = useQueryClient();
  useEffect(
    () =>
      settingsItem.watch(() => void client.invalidateQueries({ queryKey: keys.settingsLocked })),
    [client],
  );
  return useQuery({
    queryKey: keys.settingsLocked,
    queryFn: getSettingsLocked,
    staleTime: Infinity,
  });
}

export function SettingsPanel({ packs }: { packs: Pack[] }) {
  const { t } = useT();
  const q = useLockedSettings();
  const policy = useQuery({ queryKey: keys.policy, queryFn: readPolicy, staleTime: Infinity });
  if (!q.data) return null;
  return (
    <>
      <StorageFull />
      <SettingsForm initial={q.data.settings} locked={q.data.locked} packs={packs} />
      <CentreSettings initial={q.data.settings} locked={q.data.locked} />
      {(policy.data?.problems.length ?? 0) > 0 && (
        <section class="card" aria-label={t('conPolicyProblems')}>
          <h2>{t('conPolicyProblems')}</h2>
          <ul>
            {policy.data!.problems.map((p) => (
              <li key={p} class="error">
                {p}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** A group of the form's fields: the draft, which keys policy locks, and how to change it. */
interface FieldsProps {
  draft: Settings;
  isLocked: (k: string) => boolean;
  lock: (k: string) => ComponentChildren;
  set: (change: Partial<Settings>) => void;
}

/** Who the agent is: id, name and team, as the case records name them. */
function IdentityFields({ draft, isLocked, lock, set }: FieldsProps) {
  const { t } = useT();
  return (
    <>
      <label>
        {t('settingsAgentId')} {lock('agentId')}
        <input
          name="agentId"
          value={draft.agentId}
          disabled={isLocked('agentId')}
          onInput={(e) => set({ agentId: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('settingsAgentName')}
        <input
          name="agentName"
          value={draft.agentName}
          onInput={(e) => set({ agentName: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('conTeam')} {lock('team')}
        <input
          name="team"
          value={draft.team}
          disabled={isLocked('team')}
          onInput={(e) => set({ team: e.currentTarget.value })}
        />
      </label>
    </>
  );
}

/**
 * The agent's role (what they may promise), the UI language, the packs' language for cases
 * (apart from the UI's) and how long records stay.
 */
function PreferenceFields({ draft, isLocked, lock, set }: FieldsProps) {
  const { t } = useT();
  return (
    <>
      <label>
        {t('settingsRole')} {lock('role')}
        <select
          name="role"
          value={draft.role}
          disabled={isLocked('role')}
          onChange={(e) => set({ role: e.currentTarget.value })}
        >
          <option value="agent">{t('role_agent')}</option>
          <option value="senior">{t('role_senior')}</option>
          <option value="supervisor">{t('role_supervisor')}</option>
        </select>
      </label>
      <label>
        {t('settingsLanguage')} {lock('language')}
        <select
          name="language"
          value={draft.language}
          disabled={isLocked('language')}
          onChange={(e) => set({ language: e.currentTarget.value as Settings['language'] })}
        >
          <option value="auto">{t('language_auto')}</option>
          <option value="zh-CN">{t('language_zh')}</option>
          <option value="en">{t('language_en')}</option>
        </select>
      </label>
      <label>
        {t('settingsPackLanguage')} {lock('packLanguage')}
        <select
          name="packLanguage"
          value={draft.packLanguage}
          disabled={isLocked('packLanguage')}
          aria-describedby="pack-language-hint"
          onChange={(e) => set({ packLanguage: e.currentTarget.value as Settings['packLanguage'] })}
        >
          <option value="auto">{t('packLanguage_auto')}</option>
          <option value="zh-CN">{t('packLanguage_zh')}</option>
          <option value="en">{t('packLanguage_en')}</option>
          <option value="both">{t('packLanguage_both')}</option>
        </select>
        <span id="pack-language-hint" class="muted small">
          {t('settingsPackLanguageHint')}
        </span>
      </label>
      <label>
        {t('settingsRetention')} {lock('retentionDays')}
        <input
          name="retentionDays"
          type="number"
          min={1}
          max={3650}
          value={draft.retentionDays}
          disabled={isLocked('retentionDays')}
          onInput={(e) => set({ retentionDays: Math.max(1, Number(e.currentTarget.value) || 1) })}
        />
      </label>
    </>
  );
}

/** Per-channel reply times that replace the packs' defaults (empty: the pack's value). */
function SlaOverrides({
  packs,
  overrides,
  onChange,
}: {
  packs: Pack[];
  overrides: Settings['slaOverrides'];
  onChange: (c: Channel, value: string) => void;
}) {
  const { t } = useT();
  return (
    <fieldset>
      <legend>{t('conSlaTitle')}</legend>
      <p class="small muted">{t('conSlaHint')}</p>
      {CHANNELS.map((c) => {
        const base = policyFor(packs, c);
        const packValue = countsSeconds(c) ? base?.firstReplySeconds : base?.replyWorkingHours;
        return (
          <label key={c}>
            {t(`channel_${c}`)} ({countsSeconds(c) ? t('conSeconds') : t('conWorkingHours')})
            <input
              name={`sla-${c}`}
              type="number"
              min={countsSeconds(c) ? 1 : 0.1}
              step={countsSeconds(c) ? 1 : 0.5}
              placeholder={packValue === undefined ? '' : t('conPackDefault', packValue)}
              value={overrides[c] ?? ''}
              onInput={(e) => onChange(c, e.currentTarget.value)}
            />
          </label>
        );
      })}
    </fieldset>
  );
}

function SettingsForm({
  initial,
  locked,
  packs,
}: {
  initial: Settings;
  locked: PolicySetting[];
  packs: Pack[];
}) {
  const { t } = useT();
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(false);
  const [failed, setFailed] = useState<'storageFull' | 'saveFailed' | null>(null);
  const isLocked = (k: string) => (locked as string[]).includes(k);
  const lock = (k: string) =>
    isLocked(k) ? (
      <span class="badge locked" data-locked={k}>
        {t('conLocked')}
      </span>
    ) : null;
  const set = (change: Partial<Settings>) => {
    setSaved(false);
    setDraft({ ...draft, ...change });
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setFailed(null);
    try {
      // The centre connection is saved by its own form: this one must not undo it.
      const own = Object.fromEntries(
        Object.entries(draft).filter(([k]) => !(CENTRE_KEYS as readonly string[]).includes(k)),
      ) as Partial<Settings>;
      await send('settings/set', own);
      setSaved(true);
    } catch (err) {
      setFailed(savingFailure(err));
    }
  };
  const sla = (c: Channel, v: string) => {
    const n = Number(v);
    const next = { ...draft.slaOverrides };
    if (v === '' || !(n > 0)) delete next[c];
    else next[c] = n;
    set({ slaOverrides: next });
  };
  return (
    <form class="settings" onSubmit={save} data-panel="settings">
      <IdentityFields draft={draft} isLocked={isLocked} lock={lock} set={set} />
      <PreferenceFields draft={draft} isLocked={isLocked} lock={lock} set={set} />
      <SlaOverrides packs={packs} overrides={draft.slaOverrides} onChange={sla} />
      <button class="primary" type="submit">
        {t('save')}
      </button>
      {saved && <span role="status">{t('settingsSaved')}</span>}
      {failed && (
        <p role="alert" class="error" data-alert="save-failed">
          {t(failed)}
        </p>
      )}
    </form>
  );
}
