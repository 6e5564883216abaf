/**
 * The trainer's packs: what is installed and in force (enable/disable, order of precedence,
 * export), import of JSON or CSV/XLSX with the validation report, a preview and the diff
 * against the installed version; items past their review date; agents' knowledge-gap reports.
 * Packs and reports are read and changed through the background, the one owner of the state.
 */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useEffect } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import { packStateItem } from '../../extension/storage.ts';
import { keys } from '../shared/queries.ts';
import { GapReports } from './GapReports.tsx';
import { PackImport } from './PackImport.tsx';
import { PackList } from './PackList.tsx';
import { StaleItems } from './StaleItems.tsx';

/** The packs with their state, kept live. */
export function usePackEntries() {
  const client = useQueryClient();
  useEffect(
    () => packStateItem.watch(() => void client.invalidateQueries({ queryKey: keys.packs })),
    [client],
  );
  return useQuery({
    queryKey: keys.packs,
    queryFn: () => send('packs/list', {}),
    staleTime: Infinity,
  });
}

export function PacksPanel() {
  const entries = usePackEntries().data ?? [];
  return (
    <div data-panel="packs">
      <PackList entries={entries} />
      <StaleItems entries={entries} />
      <PackImport entries={entries} />
      <GapReports />
    </div>
  );
}
