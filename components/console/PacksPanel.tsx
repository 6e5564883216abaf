/**
 * The trainer's packs: what is installed and in force (enable/disable, order of precedence,
 * export), import of JSON or CSV/XLSX with the validation report, a preview and the diff
 * against the installed version; items past their review date; agents' knowledge-gap reports.
 */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { openDb, type GapReport } from '../../extension/db.ts';
import { send } from '../../extension/messages.ts';
import type { PackEntry } from '../../knowledge/authoring/pack-set.ts';
import { packStateItem, type PackState } from '../../extension/storage.ts';
import { diffPacks } from '../../knowledge/authoring/diff.ts';
import {
  canonical,
  packIdFromFileName,
  readPackFile,
  type PackFileResult,
} from '../../knowledge/authoring/pack-file.ts';
import { pastReview } from '../../knowledge/authoring/review.ts';
import type { Pack } from '../../knowledge/authoring/pack.ts';
import { csvCell } from '../../knowledge/records/io.ts';
import type { Locale } from '../../knowledge/types.ts';
import { downloadText, fileBytes, today } from './download.ts';
import { savingFailure, useT } from '../shared/i18n.ts';
import { keys } from '../shared/queries.ts';
import { usePackEntries } from '../shared/packs.ts';

async function changeState(change: (s: PackState) => PackState): Promise<void> {
  await packStateItem.setValue(change(await packStateItem.getValue()));
}

export function PacksPanel() {
  const { t } = useT();
  const entries = usePackEntries().data ?? [];
  const ids = entries.map((e) => e.pack.id);

  const move = (id: string, by: -1 | 1) =>
    changeState((s) => {
      const order = [...ids];
      const i = order.indexOf(id);
      const j = i + by;
      if (i < 0 || j < 0 || j >= order.length) return s;
      [order[i], order[j]] = [order[j]!, order[i]!];
      return { ...s, order };
    });
  const toggle = (id: string, on: boolean) =>
    changeState((s) => ({
      ...s,
      disabled: on ? s.disabled.filter((x) => x !== id) : [...new Set([...s.disabled, id])],
    }));
  const remove = (id: string) =>
    changeState((s) => ({
      ...s,
      installed: s.installed.filter((p) => p.id !== id),
      order: s.order.filter((x) => x !== id),
    }));

  return (
    <div data-panel="packs">
      <table data-table="packs">
        <caption>{t('packsInstalled')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('conOrder')}</th>
            <th scope="col">{t('colName')}</th>
            <th scope="col">{t('colLocale')}</th>
            <th scope="col">{t('colVersion')}</th>
            <th scope="col">{t('conSource')}</th>
            <th scope="col">{t('colItems')}</th>
            <th scope="col">{t('conEnabled')}</th>
            <th scope="col">{t('conActions')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <PackRow
              key={e.pack.id}
              entry={e}
              first={i === 0}
              last={i === entries.length - 1}
              onMove={(by) => void move(e.pack.id, by)}
              onToggle={(on) => void toggle(e.pack.id, on)}
              onRemove={() => void remove(e.pack.id)}
            />
          ))}
        </tbody>
      </table>
      <StaleItems entries={entries} />
      <PackImport entries={entries} />
      <GapReports />
    </div>
  );
}

function PackRow({
  entry,
  first,
  last,
  onMove,
  onToggle,
  onRemove,
}: {
  entry: PackEntry;
  first: boolean;
  last: boolean;
  onMove: (by: -1 | 1) => void;
  onToggle: (on: boolean) => void;
  onRemove: () => void;
}) {
  const { t } = useT();
  const p = entry.pack;
  const stale = pastReview(p).length;
  return (
    <tr data-pack={p.id} data-enabled={String(entry.enabled)} class={stale > 0 ? 'stale-row' : ''}>
      <td class="nowrap">
        <button
          type="button"
          aria-label={t('conMoveUp', p.name)}
          disabled={first || entry.locked}
          onClick={() => onMove(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          aria-label={t('conMoveDown', p.name)}
          disabled={last || entry.locked}
          onClick={() => onMove(1)}
        >
          ↓
        </button>
      </td>
      <td>
        {p.name}
        <div class="small muted">{p.id}</div>
        {stale > 0 && <span class="badge stale">{t('conStaleCount', stale)}</span>}
      </td>
      <td>{p.locale}</td>
      <td>
        {p.version}
        {entry.replaces && <div class="small muted">{t('conReplaces', entry.replaces)}</div>}
      </td>
      <td>
        {t(`conSource_${entry.source}`)}
        {entry.locked && <div class="badge locked">{t('conLocked')}</div>}
      </td>
      <td>
        {t(
          'itemsSummary',
          p.steps?.length ?? 0,
          p.scripts?.length ?? 0,
          p.articles?.length ?? 0,
          p.rules?.length ?? 0,
        )}
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={t('conEnable', p.name)}
          checked={entry.enabled}
          disabled={entry.locked}
          onChange={(e) => onToggle(e.currentTarget.checked)}
        />
      </td>
      <td class="nowrap">
        <button
          type="button"
          onClick={() =>
            downloadText(
              `${p.id}-${p.version}.json`,
              JSON.stringify(p, null, 2),
              'application/json',
            )
          }
        >
          {t('conExport')}
        </button>
        {entry.source === 'imported' && (
          <button type="button" onClick={onRemove}>
            {t('conRemove')}
          </button>
        )}
      </td>
    </tr>
  );
}

function StaleItems({ entries }: { entries: PackEntry[] }) {
  const { t } = useT();
  const stale = entries.flatMap((e) =>
    pastReview(e.pack).map((s) => ({ ...s, pack: e.pack.name })),
  );
  if (stale.length === 0) return null;
  return (
    <section class="card stale" data-list="stale" aria-label={t('conStaleTitle')}>
      <h2>{t('conStaleTitle')}</h2>
      <ul>
        {stale.map((s) => (
          <li key={`${s.pack}:${s.section}:${s.id}`} data-stale={s.id}>
            <span class="badge stale">{t('reviewOverdue')}</span> {s.title}{' '}
            <span class="small muted">
              {s.pack} · {t('reviewBy')} {s.reviewBy}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface Chosen {
  name: string;
  bytes: Uint8Array;
}

function PackImport({ entries }: { entries: PackEntry[] }) {
  const { t, locale: uiLocale } = useT();
  const [file, setFile] = useState<Chosen | null>(null);
  const [packId, setPackId] = useState('');
  const [packName, setPackName] = useState('');
  const [version, setVersion] = useState(today());
  const [locale, setLocale] = useState<Locale>(uiLocale);
  const [done, setDone] = useState('');
  const [failed, setFailed] = useState<'conInstallStorageFull' | 'saveFailed' | null>(null);
  const sheet = file !== null && !/\.json$/i.test(file.name);
  const installed = (id: string) => entries.find((e) => e.pack.id === id)?.pack;
  const result: PackFileResult | null = file
    ? readPackFile(
        file.bytes,
        file.name,
        { id: packId || packIdFromFileName(file.name), name: packName || packId, locale, version },
        installed,
      )
    : null;
  const before = result?.pack ? installed(result.pack.id) : undefined;
  // Stored packs come back with sorted keys: compare both sides in the same order.
  const changes = result?.pack
    ? diffPacks(before && canonical(before), canonical(result.pack))
    : [];
  const locked =
    result?.pack && entries.find((e) => e.pack.id === result.pack!.id)?.source === 'policy';

  const install = async (pack: Pack) => {
    setFailed(null);
    try {
      await changeState((s) => ({
        ...s,
        installed: [...s.installed.filter((p) => p.id !== pack.id), pack],
        importedAt: { ...s.importedAt, [pack.id]: Date.now() },
      }));
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
            setPackId((prev) => prev || id);
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
      {sheet && (
        <fieldset class="settings">
          <legend>{t('conSheetTarget')}</legend>
          <label>
            {t('conPackId')}
            <input
              name="pack-id"
              list="pack-ids"
              value={packId}
              onInput={(e) => setPackId(e.currentTarget.value.trim())}
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
              value={packName}
              onInput={(e) => setPackName(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('colVersion')}
            <input
              name="pack-version"
              value={version}
              onInput={(e) => setVersion(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('colLocale')}
            <select value={locale} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
              <option value="zh-CN">zh-CN</option>
              <option value="en">en</option>
            </select>
          </label>
        </fieldset>
      )}
      {result && file && (
        <div data-report="validation">
          <h3>{t('conValidation', file.name)}</h3>
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
          {result.pack && (
            <>
              <h3>
                {before
                  ? t('conDiffTitle', result.pack.name, before.version, result.pack.version)
                  : t('conNewPack', result.pack.name, result.pack.version)}
              </h3>
              <p data-stat="diff">
                {t(
                  'conDiffSummary',
                  changes.filter((c) => c.change === 'added').length,
                  changes.filter((c) => c.change === 'changed').length,
                  changes.filter((c) => c.change === 'removed').length,
                )}
              </p>
              <ul class="diff" data-list="diff">
                {changes.map((c) => (
                  <li key={`${c.kind}:${c.id}`} data-change={c.change} data-item={c.id}>
                    <span class={`badge ${c.change}`}>{t(`change_${c.change}`)}</span>{' '}
                    <span class="small muted">{t(`item_${c.kind}`)}</span> {c.title}
                  </li>
                ))}
              </ul>
              <Preview pack={result.pack} />
              {locked ? (
                <p class="warn">{t('conPolicyPack')}</p>
              ) : (
                <button type="button" class="primary" onClick={() => void install(result.pack!)}>
                  {before ? t('conInstallUpdate') : t('conInstall')}
                </button>
              )}
            </>
          )}
          <button type="button" onClick={() => setFile(null)}>
            {t('cancel')}
          </button>
        </div>
      )}
    </section>
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

function GapReports() {
  const { t } = useT();
  const client = useQueryClient();
  const gaps = useQuery({
    queryKey: keys.gaps,
    queryFn: () => openDb().gaps.orderBy('at').reverse().toArray(),
    staleTime: 0,
  });
  const list = gaps.data ?? [];
  const exportCsv = (rows: GapReport[]) => {
    const head = ['at', 'agent_id', 'item_id', 'query', 'note', 'case_id', 'status'];
    const lines = rows.map((g) =>
      [new Date(g.at).toISOString(), g.agentId, g.itemId, g.query, g.note, g.caseId, g.status]
        .map((v) => csvCell(v ?? ''))
        .join(','),
    );
    downloadText(
      `knowledge-gaps-${today()}.csv`,
      '\uFEFF' + [head.join(','), ...lines].join('\r\n') + '\r\n',
      'text/csv;charset=utf-8',
    );
  };
  return (
    <section class="card" aria-label={t('conGaps')} data-panel="gaps">
      <h2>{t('conGaps')}</h2>
      {list.length === 0 ? (
        <p class="muted">{t('conNoGaps')}</p>
      ) : (
        <table data-table="gaps">
          <thead>
            <tr>
              <th scope="col">{t('conWhen')}</th>
              <th scope="col">{t('conAgent')}</th>
              <th scope="col">{t('conItemOrQuery')}</th>
              <th scope="col">{t('gapNote')}</th>
              <th scope="col">{t('conStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((g) => (
              <tr key={g.id} data-gap={g.id} data-status={g.status}>
                <td>{new Date(g.at).toLocaleString()}</td>
                <td>{g.agentId}</td>
                <td>{g.itemId ?? (g.query ? `“${g.query}”` : '')}</td>
                <td>{g.note}</td>
                <td>
                  <label>
                    <input
                      type="checkbox"
                      checked={g.status === 'done'}
                      onChange={async (e) => {
                        await send('gap/settle', {
                          id: g.id!,
                          status: e.currentTarget.checked ? 'done' : 'open',
                        });
                        await client.invalidateQueries({ queryKey: keys.gaps });
                      }}
                    />
                    {t('conHandled')}
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" disabled={list.length === 0} onClick={() => exportCsv(list)}>
        {t('conExportCsv')}
      </button>
    </section>
  );
}
