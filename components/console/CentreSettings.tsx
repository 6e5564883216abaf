/**
 * The centre store's connection in the console: address, database, user and key (or what
 * policy set), access to that one host asked for when connecting, the outbox's state, and
 * the schema check. Off until an address is saved; disconnecting stops all sending.
 */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send, type CentreAnswer, type Protocol } from '../../extension/messages.ts';
import type { Settings } from '../../extension/storage.ts';
import { endpointOrigin } from '../../knowledge/centre/client.ts';
import type { SchemaCheck } from '../../knowledge/centre/schema.ts';
import type { PolicySetting } from '../../knowledge/authoring/policy.ts';
import { useT } from '../shared/i18n.ts';
import { keys } from '../shared/queries.ts';

type CentreFields = Pick<
  Settings,
  'centreEndpoint' | 'centreDatabase' | 'centreUser' | 'centreKey' | 'agentIdSource'
>;
export const CENTRE_KEYS = [
  'centreEndpoint',
  'centreDatabase',
  'centreUser',
  'centreKey',
  'agentIdSource',
] as const;

/** The outbox and connection state, refreshed every few seconds while the console shows it. */
export function useCentreStatus() {
  return useQuery({
    queryKey: keys.centreStatus,
    queryFn: () => send('centre/status', {}),
    refetchInterval: 3_000,
  });
}

/** The words for a failed centre request. */
export function CentreProblem({ error }: { error: { kind: string; message: string } }) {
  const { t } = useT();
  return (
    <p role="alert" class="error" data-centre-error={error.kind}>
      {t(`centreError_${error.kind}` as 'centreError_server')}{' '}
      <span class="small">{error.message}</span>
    </p>
  );
}

export function CentreSettings({
  initial,
  locked,
}: {
  initial: Settings;
  locked: PolicySetting[];
}) {
  const { t } = useT();
  const client = useQueryClient();
  const [draft, setDraft] = useState<CentreFields>(() => ({
    centreEndpoint: initial.centreEndpoint,
    centreDatabase: initial.centreDatabase,
    centreUser: initial.centreUser,
    centreKey: initial.centreKey,
    agentIdSource: initial.agentIdSource,
  }));
  const [note, setNote] = useState<string | null>(null);
  const status = useCentreStatus();
  const isLocked = (k: string) => (locked as string[]).includes(k);
  const lock = (k: string) =>
    isLocked(k) ? (
      <span class="badge locked" data-locked={k}>
        {t('conLocked')}
      </span>
    ) : null;
  const set = (change: Partial<CentreFields>) => {
    setNote(null);
    setDraft({ ...draft, ...change });
  };
  const refresh = () => client.invalidateQueries({ queryKey: keys.centreStatus });

  const connect = async (e: Event) => {
    e.preventDefault();
    const origin = endpointOrigin(draft.centreEndpoint.trim());
    if (!origin) return setNote(t('centreBadEndpoint'));
    // Asked in the click itself: the browser only asks during a user gesture. One host only.
    const granted = await browser.permissions.request({ origins: [origin] }).catch(() => false);
    if (!granted) return setNote(t('centreNoAccess', origin));
    await send('settings/set', { ...draft, centreEndpoint: draft.centreEndpoint.trim() });
    setNote(t('centreSaved'));
    await refresh();
  };
  const disconnect = async () => {
    await send('settings/set', { centreEndpoint: '' });
    setDraft({ ...draft, centreEndpoint: '' });
    setNote(t('centreOff'));
    await refresh();
  };
  const s = status.data;
  return (
    <form class="settings card" data-panel="centre" onSubmit={(e) => void connect(e)}>
      <h2>{t('centreTitle')}</h2>
      <p class="small">{t('centreWhat')}</p>
      <ConnectionFields draft={draft} set={set} isLocked={isLocked} lock={lock} />
      <div class="row">
        <button class="primary" type="submit" data-action="centre-connect">
          {t('centreConnect')}
        </button>
        {s?.configured && !isLocked('centreEndpoint') && (
          <button type="button" data-action="centre-disconnect" onClick={() => void disconnect()}>
            {t('centreDisconnect')}
          </button>
        )}
      </div>
      {note && <p role="status">{note}</p>}
      {s?.configured && <CentreState status={s} onChange={refresh} />}
    </form>
  );
}

/** The connection's fields; those policy sets are shown locked. */
function ConnectionFields({
  draft,
  set,
  isLocked,
  lock,
}: {
  draft: CentreFields;
  set: (change: Partial<CentreFields>) => void;
  isLocked: (k: string) => boolean;
  lock: (k: string) => ComponentChildren;
}) {
  const { t } = useT();
  const field = (k: keyof CentreFields, label: string, type = 'text') => (
    <label>
      {label} {lock(k)}
      <input
        type={type}
        name={k}
        autoComplete="off"
        value={draft[k]}
        disabled={isLocked(k)}
        onInput={(e) => set({ [k]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <>
      {field('centreEndpoint', t('centreEndpoint'), 'url')}
      {field('centreDatabase', t('centreDatabase'))}
      {field('centreUser', t('centreUser'))}
      {field('centreKey', t('centreKey'), 'password')}
      <label>
        {t('centreAgentSource')} {lock('agentIdSource')}
        <select
          name="agentIdSource"
          value={draft.agentIdSource}
          disabled={isLocked('agentIdSource')}
          onChange={(e) => set({ agentIdSource: e.currentTarget.value as 'settings' | 'crm' })}
        >
          <option value="settings">{t('centreAgentFromSettings')}</option>
          <option value="crm">{t('centreAgentFromCrm')}</option>
        </select>
      </label>
    </>
  );
}

/** The outbox, the last failure, and the buttons to send now and to check the schema. */
function CentreState({
  status: s,
  onChange,
}: {
  status: Protocol['centre/status']['res'];
  onChange: () => Promise<void>;
}) {
  const { t } = useT();
  const [schema, setSchema] = useState<CentreAnswer<SchemaCheck> | null>(null);
  return (
    <div data-centre-status={s.status.lastError ? 'failing' : s.queued > 0 ? 'sending' : 'ok'}>
      <p data-stat="outbox" data-queued={s.queued}>
        {t('centreQueued', s.queued, s.status.sent)}
        {s.status.lastSentAt !== undefined &&
          ` · ${t('centreLastSent', new Date(s.status.lastSentAt).toLocaleTimeString())}`}
      </p>
      {s.status.lastError && <CentreProblem error={s.status.lastError} />}
      {s.status.lastError && s.status.nextAttemptAt !== undefined && (
        <p class="small">
          {t('centreRetry', new Date(s.status.nextAttemptAt).toLocaleTimeString())}
        </p>
      )}
      {s.status.full && (
        <p role="alert" class="error" data-centre-full>
          {t('centreFull', s.status.full.refused)}
        </p>
      )}
      <div class="row">
        <button
          type="button"
          data-action="centre-flush"
          onClick={() => void send('centre/flush', {}).then(onChange)}
        >
          {t('centreSendNow')}
        </button>
        <button
          type="button"
          data-action="centre-check"
          onClick={() => void send('centre/check', {}).then(setSchema)}
        >
          {t('centreCheck')}
        </button>
        {schema?.ok && !schema.value.ok && (
          <button
            type="button"
            data-action="centre-apply"
            onClick={() => void send('centre/apply', {}).then(setSchema)}
          >
            {t('centreApply')}
          </button>
        )}
      </div>
      {schema && <SchemaResult answer={schema} />}
    </div>
  );
}

function SchemaResult({ answer }: { answer: CentreAnswer<SchemaCheck> }) {
  const { t } = useT();
  if (!answer.ok) return <CentreProblem error={answer.error} />;
  const c = answer.value;
  if (c.ok)
    return (
      <p role="status" data-schema="ok">
        {t('centreSchemaOk', c.serverVersion ?? '?')}
      </p>
    );
  return (
    <div role="status" data-schema="missing">
      <p>{t('centreSchemaMissing')}</p>
      <ul>
        {c.missingTables.map((x) => (
          <li key={x} data-missing-table={x}>
            {t('centreMissingTable', x)}
          </li>
        ))}
        {c.missingColumns.map((x) => (
          <li key={`${x.table}.${x.column}`} data-missing-column={`${x.table}.${x.column}`}>
            {t('centreMissingColumn', x.table, x.column, x.type)}
          </li>
        ))}
        {c.wrongTypes.map((x) => (
          <li key={`${x.table}.${x.column}`}>
            {t('centreWrongType', x.table, x.column, x.expected, x.found)}
          </li>
        ))}
      </ul>
    </div>
  );
}
