/**
 * Import of a pack from JSON or CSV/XLSX: the validation report, the diff against the
 * installed version and a preview, all read here; only a valid pack is sent to be installed.
 */
import { useMutation } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import type { PackEntry } from '../../knowledge/authoring/pack-set.ts';
import { diffPacks, type ItemChange } from '../../knowledge/authoring/diff.ts';
import {
  canonical,
  packIdFromFileName,
  readPackFile,
  type PackFileResult,
  type SheetTarget,
} from '../../knowledge/authoring/pack-file.ts';
import { pastReview } from '../../knowledge/authoring/review.ts';
import type { Pack } from '../../knowledge/authoring/pack.ts';
import type { Locale } from '../../knowledge/types.ts';
import { fileBytes, today } from './download.ts';
import { savingFailure, useT } from '../shared/i18n.ts';

interface Chosen {
  name: string;
  bytes: Uint8Array;
}

/** What a spreadsheet becomes: the pack it fills (as typed; the id falls back to the file's). */
type Target = { packId: string; packName: string; version: string; locale: Locale };

/** Installs a pack through the background; the list follows the stored state. */
function useInstall() {
  return useMutation({
    mutationFn: (pack: Pack) => send('packs/install', { pack }),
  });
}

export function PackImport({ entries }: { entries: PackEntry[] }) {
  const { t, locale: uiLocale } = useT();
  const [file, setFile] = useState<Chosen | null>(null);
  const [target, setTarget] = useState<Target>({
    packId: '',
    packName: '',
    version: today(),
    locale: uiLocale,
  });
  const [done, setDone] = useState('');
  const [failed, setFailed] = useState<'conInstallStorageFull' | 'saveFailed' | null>(null);
  const installer = useInstall();
  const sheet = file !== null && !/\.json$/i.test(file.name);
  const installed = (id: string) => entries.find((e) => e.pack.id === id)?.pack;
  const { packId, packName, version, locale } = target;
  const into: SheetTarget | null = file && {
    id: packId || packIdFromFileName(file.name),
    name: packName || packId,
    locale,
    version,
  };
  const result = file && into ? readPackFile(file.bytes, file.name, into, installed) : null;

  const install = async (pack: Pack) => {
    setFailed(null);
    try {
      await installer.mutateAsync(pack);
    } catch (e) {
      // Nothing was written: the packs in force are the ones before, the file stays chosen.
      setFailed(savingFailure(e) === 'storageFull' ? 'conInstallStorageFull' : 'saveFailed');
      return;
    }
    setDone(t('conInstalled', pack.name, pack.version));
    setFile(null);
  };

  return (
    <section class="card import" aria-label={t('conImportPack')} data-panel="pack-import">
      <h2>{t('conImportPack')}</h2>
      <p class="small muted">{t('conImportHint')}</p>
      <label class="file">
        <span>{t('conChooseFile')}</span>
        <input
          type="file"
          name="pack-file"
          accept=".json,.csv,.xlsx,application/json,text/csv"
          onChange={async (e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (!f) return;
            setDone('');
            setFailed(null);
            const id = packIdFromFileName(f.name).replace(/\.v?\d+$/i, '');
            setTarget((prev) => ({ ...prev, packId: prev.packId || id }));
            setFile({ name: f.name, bytes: await fileBytes(f) });
          }}
        />
      </label>
      {done && (
        <p role="status" class="ok">
          {done}
        </p>
      )}
      {failed && (
        <p role="alert" class="error" data-alert="install-failed">
          {t(failed)}
        </p>
      )}
      {sheet && <SheetFields entries={entries} target={target} onChange={setTarget} />}
      {result && file && (
        <ValidationReport
          fileName={file.name}
          result={result}
          entries={entries}
          onInstall={(pack) => void install(pack)}
          onCancel={() => setFile(null)}
        />
      )}
    </section>
  );
}

/** The pack a spreadsheet fills: id (an installed one or new), name, version, language. */
function SheetFields({
  entries,
  target,
  onChange,
}: {
  entries: PackEntry[];
  target: Target;
  onChange: (change: (t: Target) => Target) => void;
}) {
  const { t } = useT();
  const set = (patch: Partial<Target>) => onChange((prev) => ({ ...prev, ...patch }));
  return (
    <fieldset class="settings">
      <legend>{t('conSheetTarget')}</legend>
      <label>
        {t('conPackId')}
        <input
          name="pack-id"
          list="pack-ids"
          value={target.packId}
          onInput={(e) => set({ packId: e.currentTarget.value.trim() })}
        />
        <datalist id="pack-ids">
          {entries.map((e) => (
            <option key={e.pack.id} value={e.pack.id} />
          ))}
        </datalist>
      </label>
      <label>
        {t('colName')}
        <input
          name="pack-name"
          value={target.packName}
          onInput={(e) => set({ packName: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('colVersion')}
        <input
          name="pack-version"
          value={target.version}
          onInput={(e) => set({ version: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('colLocale')}
        <select
          value={target.locale}
          onChange={(e) => set({ locale: e.currentTarget.value as Locale })}
        >
          <option value="zh-CN">zh-CN</option>
          <option value="en">en</option>
        </select>
      </label>
    </fieldset>
  );
}

/** What reading the file found: refused rows, errors and warnings, then the pack it makes. */
function ValidationReport({
  fileName,
  result,
  entries,
  onInstall,
  onCancel,
}: {
  fileName: string;
  result: PackFileResult;
  entries: PackEntry[];
  onInstall: (pack: Pack) => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  return (
    <div data-report="validation">
      <h3>{t('conValidation', fileName)}</h3>
      {result.sheet && (
        <p data-stat="rows">
          {t('conRows', result.sheet.taken, result.sheet.merged, result.sheet.refused.length)}
        </p>
      )}
      {result.sheet?.refused.map((r) => (
        <p key={`r${r.row}`} class="small error" data-refused={r.row}>
          {t('conRowRefused', r.row, r.reason)}
        </p>
      ))}
      {result.sheet?.warnings.map((r) => (
        <p key={`w${r.row}`} class="small warn">
          {t('conRowWarning', r.row, r.reason)}
        </p>
      ))}
      {result.errors.length > 0 && (
        <ul class="errors" data-list="errors">
          {result.errors.map((e, i) => (
            <li key={i} class="error" data-path={e.path}>
              <code>{e.path || '(pack)'}</code> {e.reason}
            </li>
          ))}
        </ul>
      )}
      {result.warnings.map((w, i) => (
        <p key={`pw${i}`} class="small warn">
          <code>{w.path}</code> {w.reason}
        </p>
      ))}
      {result.pack && <PackChanges pack={result.pack} entries={entries} onInstall={onInstall} />}
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}

/** A valid pack against the installed version: the diff, a preview, the install button. */
function PackChanges({
  pack,
  entries,
  onInstall,
}: {
  pack: Pack;
  entries: PackEntry[];
  onInstall: (pack: Pack) => void;
}) {
  const { t } = useT();
  const entry = entries.find((e) => e.pack.id === pack.id);
  const before = entry?.pack;
  // Stored packs come back with sorted keys: compare both sides in the same order.
  const changes: ItemChange[] = diffPacks(before && canonical(before), canonical(pack));
  const count = (kind: ItemChange['change']) => changes.filter((c) => c.change === kind).length;
  return (
    <>
      <h3>
        {before
          ? t('conDiffTitle', pack.name, before.version, pack.version)
          : t('conNewPack', pack.name, pack.version)}
      </h3>
      <p data-stat="diff">
        {t('conDiffSummary', count('added'), count('changed'), count('removed'))}
      </p>
      <ul class="diff" data-list="diff">
        {changes.map((c) => (
          <li key={`${c.kind}:${c.id}`} data-change={c.change} data-item={c.id}>
            <span class={`badge ${c.change}`}>{t(`change_${c.change}`)}</span>{' '}
            <span class="small muted">{t(`item_${c.kind}`)}</span> {c.title}
          </li>
        ))}
      </ul>
      <Preview pack={pack} />
      {entry?.source === 'policy' ? (
        <p class="warn">{t('conPolicyPack')}</p>
      ) : (
        <button type="button" class="primary" onClick={() => onInstall(pack)}>
          {before ? t('conInstallUpdate') : t('conInstall')}
        </button>
      )}
    </>
  );
}

/** The first items of a pack as an agent would see them. */
function Preview({ pack }: { pack: Pack }) {
  const { t } = useT();
  const stale = new Set(pastReview(pack).map((s) => s.id));
  const items = [
    ...(pack.articles ?? []).map((a) => ({
      id: a.id,
      title: a.title,
      body: a.answer,
      reviewBy: a.reviewBy,
    })),
    ...(pack.scripts ?? []).map((s) => ({
      id: s.id,
      title: s.title,
      body: s.text,
      reviewBy: s.reviewBy,
    })),
  ];
  return (
    <details class="preview" data-panel="preview">
      <summary>{t('conPreview', items.length)}</summary>
      <ul>
        {items.slice(0, 50).map((x) => (
          <li key={x.id} data-preview={x.id} class={stale.has(x.id) ? 'stale' : ''}>
            <strong>{x.title}</strong>
            {stale.has(x.id) && <span class="badge stale">{t('reviewOverdue')}</span>}
            <div class="small">{x.body}</div>
          </li>
        ))}
      </ul>
    </details>
  );
}
