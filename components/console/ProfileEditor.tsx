import { useEffect, useState } from 'preact/hooks';
import {
  deleteUserProfile,
  hasAccess,
  listProfiles,
  requestAccess,
  saveUserProfile,
  syncContentScripts,
  userProfilesItem,
} from '../../extension/profiles-store.ts';
import { type CrmProfile, type ListedProfile } from '../../knowledge/crm/profile.ts';
import type { SchemaError } from '../../knowledge/authoring/schema.ts';
import { useT, type MessageKey } from '../shared/i18n.ts';
import { PickerPanel } from './PickerPanel.tsx';
import { checkProfileJson, ErrorList } from './ProfileErrors.tsx';

function download(profile: CrmProfile): void {
  const blob = new Blob([`${JSON.stringify(profile, null, 2)}\n`], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${profile.id}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

type Mode =
  | { kind: 'list' }
  | { kind: 'edit'; text: string; source: 'bundled' | 'user' | 'new' }
  | { kind: 'map'; profile?: CrmProfile };

/** Where a listed profile comes from, as the trainer reads it. */
function sourceLabel({ source, replacesBundled }: ListedProfile): MessageKey {
  if (source === 'bundled') return 'profileBundled';
  if (source === 'policy') return 'profilePolicy';
  return replacesBundled ? 'profileUserReplaces' : 'profileUser';
}

/** One installed profile: where it applies, where it comes from, and what a trainer may do. */
function ProfileRow({
  listed,
  access,
  onGrant,
  onMode,
  onDelete,
}: {
  listed: ListedProfile;
  access: boolean;
  onGrant: (p: CrmProfile) => void;
  onMode: (m: Mode) => void;
  onDelete: (p: CrmProfile) => void;
}) {
  const { t } = useT();
  const { profile: p, source } = listed;
  return (
    <tr data-profile={p.id} data-source={source}>
      <td>
        {p.name}
        <div class="small muted">
          <code>{p.id}</code>
        </div>
      </td>
      <td>
        {p.matches.join(' ')}
        {source === 'user' && !access && (
          <div>
            <button type="button" data-action="grant" onClick={() => onGrant(p)}>
              {t('accessGrant')}
            </button>
          </div>
        )}
      </td>
      <td>{t(sourceLabel(listed))}</td>
      <td class="actions">
        {source !== 'policy' && (
          <>
            <button
              type="button"
              data-action="map"
              onClick={() => onMode({ kind: 'map', profile: p })}
            >
              {t('profileMap')}
            </button>{' '}
            <button
              type="button"
              data-action="edit"
              onClick={() => onMode({ kind: 'edit', text: JSON.stringify(p, null, 2), source })}
            >
              {t('profileEdit')}
            </button>{' '}
          </>
        )}
        <button type="button" data-action="export" onClick={() => download(p)}>
          {t('profileExport')}
        </button>{' '}
        {source === 'user' && (
          <button
            type="button"
            data-action="delete"
            onClick={() => {
              if (confirm(t('profileDeleteConfirm', p.name))) onDelete(p);
            }}
          >
            {t('profileDelete')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** The options page's CRM-mapping tab: bundled and user profiles, import, export, edit, picker. */
/** The installed profiles with their host access, and what a trainer does with them. */
function useProfiles() {
  const { t } = useT();
  const [profiles, setProfiles] = useState<ListedProfile[]>([]);
  const [access, setAccess] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<SchemaError[]>([]);
  const [notice, setNotice] = useState('');

  const refresh = async (): Promise<void> => {
    const list = await listProfiles();
    setProfiles(list);
    const entries = await Promise.all(
      list.map(async (l) => [l.profile.id, await hasAccess(l.profile).catch(() => false)] as const),
    );
    setAccess(Object.fromEntries(entries));
  };
  useEffect(() => {
    void refresh();
    return userProfilesItem.watch(() => void refresh());
  }, []);

  const save = async (profile: CrmProfile): Promise<void> => {
    await saveUserProfile(profile);
    await syncContentScripts().catch(() => undefined);
    setErrors([]);
    setNotice(t('profileSaved', profile.name));
    await refresh();
  };

  const importFile = async (e: Event): Promise<void> => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const checked = checkProfileJson(await file.text());
    if (!checked.ok) {
      setNotice('');
      setErrors(checked.errors);
      return;
    }
    await save(checked.profile);
  };

  const grant = (profile: CrmProfile): void => {
    // Called straight from the click: the browser asks only during a user gesture.
    void requestAccess(profile)
      .then(async (granted) => {
        setNotice(granted ? t('accessGranted') : t('accessRefused'));
        await syncContentScripts().catch(() => undefined);
        await refresh();
      })
      .catch(() => setNotice(t('accessRefused')));
  };

  const remove = (p: CrmProfile): void =>
    void deleteUserProfile(p.id)
      .then(() => syncContentScripts().catch(() => undefined))
      .then(refresh);

  return { profiles, access, errors, notice, save, importFile, grant, remove };
}

export function ProfileEditor() {
  const { t } = useT();
  const { profiles, access, errors, notice, save, importFile, grant, remove } = useProfiles();
  const [mode, setMode] = useState<Mode>({ kind: 'list' });

  if (mode.kind === 'map')
    return (
      <PickerPanel
        initial={mode.profile}
        onSave={async (p) => {
          await save(p);
          setMode({ kind: 'list' });
        }}
        onClose={() => setMode({ kind: 'list' })}
      />
    );

  if (mode.kind === 'edit')
    return (
      <JsonEditor
        text={mode.text}
        onSave={async (p) => {
          await save(p);
          setMode({ kind: 'list' });
        }}
        onCancel={() => setMode({ kind: 'list' })}
      />
    );

  return (
    <div class="profile-editor">
      <div class="toolbar">
        <label class="button">
          {t('profileImport')}{' '}
          <input
            type="file"
            accept=".json,application/json"
            data-action="import"
            onChange={(e) => void importFile(e)}
          />
        </label>{' '}
        <button
          type="button"
          class="primary"
          data-action="new-map"
          onClick={() => setMode({ kind: 'map' })}
        >
          {t('profileMapNew')}
        </button>
      </div>
      {notice && (
        <p role="status" class="notice">
          {notice}
        </p>
      )}
      <ErrorList errors={errors} />
      <table>
        <caption>{t('profilesInstalled')}</caption>
        <thead>
          <tr>
            <th>{t('colName')}</th>
            <th>{t('colMatches')}</th>
            <th>{t('profileSource')}</th>
            <th>{t('profileActions')}</th>
          </tr>
        </thead>
        <tbody>
          {profiles.map((listed) => (
            <ProfileRow
              key={`${listed.source}:${listed.profile.id}`}
              listed={listed}
              access={access[listed.profile.id] ?? false}
              onGrant={grant}
              onMode={setMode}
              onDelete={remove}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A JSON editor for one profile: validated on every change, saved only when valid. */
function JsonEditor({
  text: initial,
  onSave,
  onCancel,
}: {
  text: string;
  onSave: (p: CrmProfile) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useT();
  const [text, setText] = useState(initial);
  const checked = checkProfileJson(text);
  return (
    <div class="profile-json">
      <label>
        {t('profileJson')}
        <textarea
          data-editor="profile"
          rows={24}
          spellcheck={false}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          style={{ width: '100%', fontFamily: 'ui-monospace, monospace' }}
        />
      </label>
      {checked.ok ? (
        <p role="status" class="small">
          {t('profileValid')}
        </p>
      ) : (
        <ErrorList errors={checked.errors} />
      )}
      <button
        type="button"
        class="primary"
        data-action="save"
        disabled={!checked.ok}
        onClick={() => checked.ok && void onSave(checked.profile)}
      >
        {t('save')}
      </button>{' '}
      <button type="button" data-action="cancel" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}
