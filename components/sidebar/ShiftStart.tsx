import { useMemo, useState } from 'preact/hooks';
import type { Pack } from '../../knowledge/authoring/pack.ts';
import { diffPrints, fingerprints, type ItemChange } from '../../knowledge/authoring/diff.ts';
import type { Shift } from '../../extension/storage.ts';
import { useT, type MessageKey } from '../shared/i18n.ts';

/** A new shift starts when the last one began this long ago. */
export const SHIFT_LENGTH_MS = 10 * 3_600_000;

/** Whether the agent should see the start-of-shift panel. */
export function isNewShift(shift: Shift | null | undefined, now: number): boolean {
  return !shift || now - shift.startedAt > SHIFT_LENGTH_MS;
}

function itemText(packs: Pack[], change: ItemChange): string {
  for (const p of packs) {
    if (change.kind === 'article') {
      const a = p.articles?.find((x) => x.id === change.id);
      if (a) return a.answer;
    } else if (change.kind === 'script') {
      const s = p.scripts?.find((x) => x.id === change.id);
      if (s) return s.text;
    } else if (change.kind === 'rule') {
      const r = p.rules?.find((x) => x.id === change.id);
      if (r) return `${r.explanation ?? r.title} → ${r.alternative}`;
    } else {
      const s = p.steps?.find((x) => x.id === change.id);
      if (s) return s.hint ?? s.title;
    }
  }
  return '';
}

/** What changed in the packs since the last shift, each change one click from its text. */
function PackChanges({ packs, changes }: { packs: Pack[]; changes: ItemChange[] }) {
  const { t } = useT();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ul class="changes">
      {changes.map((c) => {
        const key = `${c.kind}:${c.id}`;
        return (
          <li key={key} data-change={key} data-kind={c.change}>
            <span class={`badge ${c.change}`}>{t(`change_${c.change}` as MessageKey)}</span>{' '}
            <span class="small muted">{t(`item_${c.kind}` as MessageKey)}</span>{' '}
            <button
              type="button"
              class="link"
              aria-expanded={open === key}
              onClick={() => setOpen(open === key ? null : key)}
            >
              {c.title}
            </button>
            {open === key && c.change !== 'removed' && (
              <p class="small body">{itemText(packs, c)}</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Start of shift (SOP section 1): readiness checks and what changed in the packs since last time. */
export function ShiftStart({
  packs,
  shift,
  onStart,
  onClose,
}: {
  packs: Pack[];
  shift: Shift | null;
  onStart: (next: Shift) => void;
  onClose: () => void;
}) {
  const { t } = useT();
  const readiness = packs.flatMap((p) => p.readiness ?? []);
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const prints = useMemo(() => fingerprints(packs), [packs]);
  const changes = useMemo(() => (shift ? diffPrints(shift.prints, prints) : []), [shift, prints]);
  const ready = readiness.every((r) => ticked[r.id]);
  return (
    <section class="card shift" aria-labelledby="shift-title" data-panel="shift">
      <h2 id="shift-title">{t('shiftTitle')}</h2>
      <ul class="checklist">
        {readiness.map((r) => (
          <li key={r.id}>
            <div
              role="checkbox"
              tabIndex={0}
              aria-checked={ticked[r.id] ? 'true' : 'false'}
              data-readiness={r.id}
              class={`step${ticked[r.id] ? ' done' : ''}`}
              onClick={() => setTicked({ ...ticked, [r.id]: !ticked[r.id] })}
              onKeyDown={(e) => {
                if (e.key === ' ' || e.key === 'Enter') {
                  e.preventDefault();
                  setTicked({ ...ticked, [r.id]: !ticked[r.id] });
                }
              }}
            >
              <span class="box" aria-hidden="true">
                {ticked[r.id] ? '✓' : ''}
              </span>
              <span class="title">{r.text}</span>
            </div>
          </li>
        ))}
      </ul>
      <h3 class="small">{shift ? t('shiftChanges', changes.length) : t('shiftFirst')}</h3>
      {changes.length > 0 && <PackChanges packs={packs} changes={changes} />}
      <div class="row">
        <button
          type="button"
          class="primary"
          onClick={() => onStart({ startedAt: Date.now(), readiness: ticked, prints })}
        >
          {ready ? t('shiftStart') : t('shiftStartAnyway')}
        </button>
        {shift && !isNewShift(shift, Date.now()) && (
          <button type="button" onClick={onClose}>
            {t('close')}
          </button>
        )}
      </div>
    </section>
  );
}
