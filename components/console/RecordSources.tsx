/**
 * Where the report's records come from: this browser's, and team exports a lead imports
 * (kept through the background; a file it could not keep stays on this page only).
 */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useMemo, useState } from 'preact/hooks';
import type { ImportedFile } from '../../extension/db.ts';
import { send } from '../../extension/messages.ts';
import { readRecordsFile } from '../../knowledge/records/io.ts';
import type { CaseRecord } from '../../knowledge/records/records.ts';
import { fileBytes } from './download.ts';
import { useT } from '../shared/i18n.ts';
import { keys } from '../shared/queries.ts';

/** An imported file: kept in the database (`id`), or only on this page when there was no room. */
export type Loaded = Omit<ImportedFile, 'at'> & { at?: number };

/** This browser's records and the imported files, with import and removal. */
export function useRecordSources() {
  const client = useQueryClient();
  const own = useQuery({
    queryKey: keys.records,
    queryFn: () => send('records/list', {}),
    staleTime: 0,
  });
  const stored = useQuery({
    queryKey: keys.imports,
    queryFn: () => send('records/imports', {}),
    staleTime: 0,
  });
  // Files the database refused (no room): kept for this page only, and the lead is told.
  const [unsaved, setUnsaved] = useState<Loaded[]>([]);
  const files: Loaded[] = useMemo(
    () => [...(stored.data ?? []), ...unsaved],
    [stored.data, unsaved],
  );

  const load = async (list: FileList | null) => {
    if (!list) return;
    const notKept: Loaded[] = [];
    for (const file of Array.from(list)) {
      const r = readRecordsFile(await fileBytes(file), file.name);
      const read = { name: file.name, at: Date.now(), records: r.records, refused: r.refused };
      const kept = await send('records/import-save', read).catch(() => ({ saved: false }));
      if (!kept.saved) notKept.push(read);
    }
    if (notKept.length) setUnsaved((prev) => [...prev, ...notKept]);
    await client.invalidateQueries({ queryKey: keys.imports });
  };
  const remove = async (f: Loaded) => {
    if (f.id !== undefined) {
      await send('records/import-remove', { id: f.id });
      await client.invalidateQueries({ queryKey: keys.imports });
    } else setUnsaved((prev) => prev.filter((x) => x !== f));
  };
  const ownRecords: CaseRecord[] | undefined = own.data;
  return { own: ownRecords, files, load, remove };
}

export function Sources({
  ownCount,
  useOwn,
  onUseOwn,
  files,
  merged,
  onLoad,
  onRemove,
}: {
  ownCount: number;
  useOwn: boolean;
  onUseOwn: (on: boolean) => void;
  files: Loaded[];
  merged: number;
  onLoad: (list: FileList | null) => void;
  onRemove: (f: Loaded) => void;
}) {
  const { t } = useT();
  return (
    <section class="no-print sources" aria-label={t('conSources')}>
      <h2>{t('conSources')}</h2>
      <label class="row">
        <input
          type="checkbox"
          checked={useOwn}
          onChange={(e) => onUseOwn(e.currentTarget.checked)}
        />
        {t('conOwnRecords', ownCount)}
      </label>
      <label class="file">
        <span>{t('conImportRecords')}</span>
        <input
          type="file"
          name="records-files"
          multiple
          accept=".csv,.json,text/csv,application/json"
          onChange={(e) => {
            onLoad(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
      </label>
      {files.length > 0 && (
        <ul data-list="imported-files">
          {files.map((f, i) => (
            <li key={`${f.id ?? 'unsaved'}-${f.name}-${i}`} data-file={f.name}>
              {t('conFileRead', f.name, f.records.length, f.refused.length)}
              {f.id === undefined && (
                <div class="small error" data-note="not-kept">
                  {t('conImportNotKept')}
                </div>
              )}
              {f.refused.slice(0, 5).map((r) => (
                <div key={r.at} class="small error">
                  {t('conRefusedAt', r.at, r.reason)}
                </div>
              ))}
              <button type="button" class="link" onClick={() => onRemove(f)}>
                {t('conRemove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="small" data-stat="merged">
        {t('conMerged', merged)}
      </p>
    </section>
  );
}
