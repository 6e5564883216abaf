/** The installed packs in order of precedence: enable or disable, move, export, remove. */
import { useQueryClient } from '@tanstack/preact-query';
import { send } from '../../extension/messages.ts';
import type { PackChange } from '../../knowledge/authoring/pack-choice.ts';
import type { PackEntry } from '../../knowledge/authoring/pack-set.ts';
import { pastReview } from '../../knowledge/authoring/review.ts';
import { downloadText } from './download.ts';
import { useT } from '../shared/i18n.ts';
import { keys } from '../shared/queries.ts';

/**
 * A change to the pack state, made by the background; the list follows the stored state. Sent
 * without a mutation's pending state on purpose: re-rendering then would put a checkbox back
 * as it was until the stored state arrives.
 */
function usePackChange(): (change: PackChange) => void {
  const client = useQueryClient();
  return (change) =>
    void send('packs/set-state', change).catch(() =>
      client.invalidateQueries({ queryKey: keys.packs }),
    );
}

export function PackList({ entries }: { entries: PackEntry[] }) {
  const { t } = useT();
  const run = usePackChange();
  return (
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
            onMove={(by) => run({ kind: 'move', id: e.pack.id, by })}
            onToggle={(on) => run({ kind: 'enable', id: e.pack.id, on })}
            onRemove={() => run({ kind: 'remove', id: e.pack.id })}
          />
        ))}
      </tbody>
    </table>
  );
}

/** Moves a pack up or down the order of precedence (not a pack policy places). */
function MoveButtons({
  entry,
  first,
  last,
  onMove,
}: {
  entry: PackEntry;
  first: boolean;
  last: boolean;
  onMove: (by: -1 | 1) => void;
}) {
  const { t } = useT();
  const p = entry.pack;
  return (
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
  );
}

/** Export a pack as JSON; remove one a trainer imported. */
function PackActions({ entry, onRemove }: { entry: PackEntry; onRemove: () => void }) {
  const { t } = useT();
  const p = entry.pack;
  return (
    <td class="nowrap">
      <button
        type="button"
        onClick={() =>
          downloadText(`${p.id}-${p.version}.json`, JSON.stringify(p, null, 2), 'application/json')
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
      <MoveButtons entry={entry} first={first} last={last} onMove={onMove} />
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
      <PackActions entry={entry} onRemove={onRemove} />
    </tr>
  );
}
