/**
 * The trainer's packs: what is installed and in force (enable/disable, order of precedence,
 * export), import of JSON or CSV/XLSX with the validation report, a preview and the diff
 * against the installed version; items past their review date; agents' knowledge-gap reports.
 * Packs and reports are read and changed through the background, the one owner of the state.
 */
import { usePackEntries } from '../shared/packs.ts';
import { GapReports } from './GapReports.tsx';
import { PackImport } from './PackImport.tsx';
import { PackList } from './PackList.tsx';
import { StaleItems } from './StaleItems.tsx';

export function PacksPanel() {
  const entries = usePackEntries('background').data ?? [];
  return (
    <div data-panel="packs">
      <PackList entries={entries} />
      <StaleItems entries={entries} />
      <PackImport entries={entries} />
      <GapReports />
    </div>
  );
}
