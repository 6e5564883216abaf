import { useEffect, useState } from 'preact/hooks';
import { addWorkingDays, settle, type Commitment } from '../../knowledge/case/commitments.ts';
import { useT } from '../shared/i18n.ts';

const UNITS = { minutes: 60_000, hours: 3_600_000, days: 0 } as const;
type Unit = keyof typeof UNITS;

function when(ms: number, locale: string): string {
  return new Date(ms).toLocaleString(locale, {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

type NewCommitment = { caseId: string; text: string; dueAt: number; customer?: string };

/** One promise: its case, due time, text, and kept/missed or the button to mark it kept. */
function CommitmentItem({
  c,
  caseId,
  now,
  onSettle,
}: {
  c: Commitment;
  caseId: string | undefined;
  now: number;
  onSettle: (id: string, status: 'kept' | 'open') => void;
}) {
  const { t, locale } = useT();
  return (
    <li data-commitment={c.id} data-status={c.status} class={`commitment ${c.status}`}>
      <div class="small">
        <strong>{c.caseId === caseId ? t('thisCase') : c.caseId}</strong>{' '}
        <span class={c.status === 'open' && c.dueAt - now < 15 * 60_000 ? 'soon' : 'muted'}>
          {t('commitmentDue', when(c.dueAt, locale))}
        </span>
      </div>
      <p>{c.text}</p>
      {c.status === 'open' ? (
        <button type="button" onClick={() => onSettle(c.id, 'kept')}>
          {t('commitmentMarkKept')}
        </button>
      ) : (
        <span class="badge">{t(c.status === 'kept' ? 'commitmentKept' : 'commitmentMissed')}</span>
      )}
    </li>
  );
}

/** The agent adds a promise by hand: what, and due in minutes, hours or working days. */
function AddCommitment({
  caseId,
  customer,
  onAdd,
  onDone,
}: {
  caseId: string;
  customer: string | undefined;
  onAdd: (c: NewCommitment) => void;
  onDone: () => void;
}) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [amount, setAmount] = useState(1);
  const [unit, setUnit] = useState<Unit>('hours');
  return (
    <form
      class="variables"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        const dueAt =
          unit === 'days' ? addWorkingDays(Date.now(), amount) : Date.now() + amount * UNITS[unit];
        onAdd({ caseId, text: text.trim(), dueAt, ...(customer ? { customer } : {}) });
        onDone();
      }}
    >
      <label>
        <span class="small">{t('commitmentText')}</span>
        <input value={text} required onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <label>
        <span class="small">{t('commitmentDueIn')}</span>
        <span class="row">
          <input
            type="number"
            min={1}
            value={amount}
            style={{ width: '5em' }}
            onInput={(e) => setAmount(Math.max(1, Number(e.currentTarget.value) || 1))}
          />
          <select value={unit} onChange={(e) => setUnit(e.currentTarget.value as Unit)}>
            <option value="minutes">{t('minutes')}</option>
            <option value="hours">{t('hours')}</option>
            <option value="days">{t('days')}</option>
          </select>
        </span>
      </label>
      <div class="row">
        <button type="submit" class="primary">
          {t('commitmentAdd')}
        </button>
        <button type="button" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

/** Promises made to customers across cases: due times, kept or missed, and adding one by hand. */
export function Commitments({
  list,
  caseId,
  customer,
  onSettle,
  onAdd,
}: {
  list: Commitment[];
  caseId: string | undefined;
  customer: string | undefined;
  onSettle: (id: string, status: 'kept' | 'open') => void;
  onAdd: (c: NewCommitment) => void;
}) {
  const { t } = useT();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  const [adding, setAdding] = useState(false);
  // Open ones first by due time, then what was settled in the last day.
  const shown = settle(list, now)
    .filter((c) => c.status === 'open' || now - (c.settledAt ?? c.dueAt) < 86_400_000)
    .sort(
      (a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || a.dueAt - b.dueAt,
    );
  return (
    <section class="card" aria-labelledby="commitments-title">
      <h2 id="commitments-title">{t('sectionCommitments')}</h2>
      {shown.length === 0 && <p class="muted">{t('commitmentNone')}</p>}
      <ul class="commitments">
        {shown.map((c) => (
          <CommitmentItem key={c.id} c={c} caseId={caseId} now={now} onSettle={onSettle} />
        ))}
      </ul>
      {caseId &&
        (adding ? (
          <AddCommitment
            caseId={caseId}
            customer={customer}
            onAdd={onAdd}
            onDone={() => setAdding(false)}
          />
        ) : (
          <button type="button" class="link" onClick={() => setAdding(true)}>
            + {t('commitmentAdd')}
          </button>
        ))}
    </section>
  );
}
