/**
 * The records view's "Scores" section: the QA score spread of the filtered cases (bands, per
 * agent and team, pass rate per scorecard item) and, per case, the team lead's review: an
 * item's points adjusted with a reason, or a mark for coaching. Reviews go to the background,
 * which writes them where the record is stored.
 */
import { useQueryClient } from '@tanstack/preact-query';
import { useMemo, useState } from 'preact/hooks';
import { send, type RecordReview } from '../../extension/messages.ts';
import { filterRecords, type RecordFilter } from '../../knowledge/records/report.ts';
import { recordKey, type CaseRecord } from '../../knowledge/records/records.ts';
import {
  adjustedScore,
  type CaseScore,
  type ItemScore,
} from '../../knowledge/records/scorecard.ts';
import { SCORE_BUCKETS, scoreReport, type ScoreTally } from '../../knowledge/records/scores.ts';
import { Bars, rateTone, type Bar } from './Bars.tsx';
import { keys } from '../shared/queries.ts';
import { savingFailure, useT } from '../shared/i18n.ts';

const pct = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;
/** Shown cases to review: the lowest scores first, as a lead works through them. */
const REVIEW_LIMIT = 30;
const bandTone = (i: number): Bar['tone'] => (i === 0 ? 'bad' : i === 1 ? 'warn' : 'ok');

export function ScoresPanel({
  records,
  filter,
}: {
  records: readonly CaseRecord[];
  filter: RecordFilter;
}) {
  const { t } = useT();
  const report = useMemo(() => scoreReport(records, filter), [records, filter]);
  const toReview = useMemo(
    () =>
      filterRecords(records, filter)
        .filter((r) => r.score)
        .sort((a, b) => adjustedScore(a)!.score - adjustedScore(b)!.score)
        .slice(0, REVIEW_LIMIT),
    [records, filter],
  );
  const total = report.total;
  return (
    <section class="scores" aria-label={t('conScores')} data-section="scores">
      <h2>{t('conScores')}</h2>
      {total.scored === 0 ? (
        <p class="small" data-empty="scores">
          {t('conScoresNone')}
        </p>
      ) : (
        <>
          <Spread total={total} />
          <h3>{t('conScoreByAgent')}</h3>
          <ScoreTable
            name="score-agents"
            first={t('conAgent')}
            rows={report.byAgent.map((a) => [a.agent, a.agent, a])}
          />
          <h3>{t('conScoreByTeam')}</h3>
          <ScoreTable
            name="score-teams"
            first={t('conTeam')}
            rows={report.byTeam.filter((x) => x.team !== '').map((x) => [x.team, x.team, x])}
          />
          <h3>{t('conScoreByItem')}</h3>
          <Bars
            name="score-items"
            label={t('conScoreByItem')}
            bars={report.byItem
              .filter((i) => i.applicable > 0)
              .map((i) => ({
                key: i.item,
                label: i.critical ? `${i.title} (${t('conItemCritical')})` : i.title,
                share: i.rate,
                value: `${pct(i.rate)} (${i.passed}/${i.applicable})`,
                tone: rateTone(i.rate),
              }))}
          />
          <h3>{t('conReviews')}</h3>
          <ul class="reviews">
            {toReview.map((r) => (
              <Review key={recordKey(r)} record={r} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ScoreTable({
  name,
  first,
  rows,
}: {
  name: string;
  first: string;
  rows: [string, string, ScoreTally][];
}) {
  const { t } = useT();
  return (
    <table class="tally" data-table={name}>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">{t('conScored')}</th>
          <th scope="col">{t('conScoreMean')}</th>
          {SCORE_BUCKETS.map((b) => (
            <th key={b.id} scope="col">
              {b.id}
            </th>
          ))}
          <th scope="col">{t('conZeroed')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, label, x]) => (
          <tr key={key} data-row={key}>
            <th scope="row">{label}</th>
            <td data-col="scored">{x.scored}</td>
            <td data-col="mean">{x.mean}</td>
            {x.buckets.map((n, i) => (
              <td key={SCORE_BUCKETS[i]!.id} data-col={SCORE_BUCKETS[i]!.id}>
                {n}
              </td>
            ))}
            <td data-col="zeroed">{x.zeroed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The tiles and the score bands of the whole selection. */
function Spread({ total }: { total: ScoreTally }) {
  const { t } = useT();
  return (
    <>
      <dl class="tiles">
        {(
          [
            ['scored', `${total.scored}/${total.cases}`],
            ['mean', total.mean],
            ['zeroed', total.zeroed],
            ['coaching', total.coaching],
            ['disputed', total.disputed],
          ] as const
        ).map(([k, v]) => (
          <div key={k} class="tile" data-score-stat={k}>
            <dt>{t(`conScoreTile_${k}`)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('conScoreBuckets')}</h3>
      <Bars
        name="score-buckets"
        label={t('conScoreBuckets')}
        bars={SCORE_BUCKETS.map((b, i) => ({
          key: b.id,
          label: t('conScoreBucket', b.id),
          share: total.buckets[i]! / total.scored,
          value: `${total.buckets[i]} · ${pct(total.buckets[i]! / total.scored)}`,
          tone: bandTone(i),
        }))}
      />
    </>
  );
}

type ReviewAction = RecordReview['action'];

/** Sends a review of one record and says how it went; the lists follow the stored state. */
function useReview(record: CaseRecord) {
  const { t } = useT();
  const client = useQueryClient();
  const [notice, setNotice] = useState('');
  const key = { caseId: record.caseId, agentId: record.agentId, startedAt: record.startedAt };
  const submit = async (action: ReviewAction): Promise<boolean> => {
    try {
      const saved = await send('records/review', { key, action });
      setNotice(saved ? t('conReviewSaved') : t('conReviewNotFound'));
      if (!saved) return false;
      await client.invalidateQueries({ queryKey: keys.records });
      await client.invalidateQueries({ queryKey: keys.imports });
      return true;
    } catch (e) {
      // A refusal of the review itself (no reason, points out of range) is shown as it was said.
      setNotice(
        savingFailure(e) === 'storageFull'
          ? t('storageFull')
          : t('conReviewRefused', String((e as Error)?.message ?? e)),
      );
      return false;
    }
  };
  return { submit, notice };
}

/** One case's items and the lead's review of it. */
function Review({ record }: { record: CaseRecord }) {
  const { t } = useT();
  const built = record.score!;
  const score = adjustedScore(record)!;
  const { submit, notice } = useReview(record);
  return (
    <li data-review={record.caseId}>
      <details>
        <summary>
          {t('conReviewCase', record.caseId, record.agentId, score.score)}
          {score.score !== built.score ? ` ${t('conReviewAdjusted', built.score)}` : ''}
          {record.review?.coaching ? ` · ${t('conScoreTile_coaching')}` : ''}
          {record.acknowledgement && (
            <span data-ack={record.acknowledgement.state}>
              {` · ${t(`conAckShort_${record.acknowledgement.state}`)}`}
            </span>
          )}
        </summary>
        <ReviewItems score={score} />
        <ReviewHistory record={record} score={score} />
        <AdjustForm items={score.items.filter((i) => i.applies)} submit={submit} />
        <CoachingForm submit={submit} />
        {notice && (
          <p class="small" role="status" data-review-notice="">
            {notice}
          </p>
        )}
      </details>
    </li>
  );
}

function ReviewItems({ score }: { score: CaseScore }) {
  const { t } = useT();
  return (
    <table class="tally" data-table="review-items">
      <thead>
        <tr>
          <th scope="col">{t('conReviewItem')}</th>
          <th scope="col">{t('conReviewResult')}</th>
          <th scope="col">{t('conReviewPoints')}</th>
        </tr>
      </thead>
      <tbody>
        {score.items.map((i) => (
          <tr key={i.id} data-item={i.id}>
            <th scope="row">
              {i.title}
              {i.critical ? ` (${t('conItemCritical')})` : ''}
            </th>
            <td data-col="result">
              {t(!i.applies ? 'conItemNa' : i.passed ? 'conItemPass' : 'conItemFail')}
            </td>
            <td data-col="points">{i.applies ? `${i.points}/${i.max}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The adjustments, the coaching mark and the agent's answer, as stored. */
function ReviewHistory({ record, score }: { record: CaseRecord; score: CaseScore }) {
  const { t } = useT();
  const byTitle = new Map(score.items.map((i) => [i.id, i.title]));
  const { review, acknowledgement: ack } = record;
  return (
    <ul class="small">
      {(review?.adjustments ?? []).map((a, n) => (
        <li key={n} data-adjustment={a.itemId}>
          {t(
            'conReviewAdjustment',
            byTitle.get(a.itemId) ?? a.itemId,
            a.points,
            a.by ?? '—',
            a.reason,
          )}
        </li>
      ))}
      {review?.coaching && (
        <li data-coaching="">{t('conReviewCoaching', review.coaching.reason)}</li>
      )}
      {ack && (
        <li data-acknowledgement={ack.state}>{t(`conAck_${ack.state}`, ack.reason ?? '')}</li>
      )}
    </ul>
  );
}

function AdjustForm({
  items,
  submit,
}: {
  items: ItemScore[];
  submit: (a: ReviewAction) => Promise<boolean>;
}) {
  const { t } = useT();
  const [itemId, setItemId] = useState(items[0]?.id ?? '');
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const item = items.find((i) => i.id === itemId);
  return (
    <form
      class="row no-print"
      data-form="adjust"
      onSubmit={(e) => {
        e.preventDefault();
        void submit({ kind: 'adjust', itemId, points: Number(points), reason }).then((ok) => {
          if (ok) setReason('');
        });
      }}
    >
      <label>
        <span class="small">{t('conReviewItem')}</span>
        <select name="item" value={itemId} onChange={(e) => setItemId(e.currentTarget.value)}>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span class="small">{t('conReviewPoints')}</span>
        <input
          type="number"
          name="points"
          min={0}
          max={item?.max ?? 0}
          step="any"
          required
          value={points}
          onInput={(e) => setPoints(e.currentTarget.value)}
        />
      </label>
      <label>
        <span class="small">{t('conReviewReason')}</span>
        <input
          name="reason"
          required
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </label>
      <button type="submit" data-action="adjust" disabled={!reason.trim() || points === ''}>
        {t('conReviewAdjust')}
      </button>
    </form>
  );
}

function CoachingForm({ submit }: { submit: (a: ReviewAction) => Promise<boolean> }) {
  const { t } = useT();
  const [reason, setReason] = useState('');
  return (
    <form
      class="row no-print"
      data-form="coaching"
      onSubmit={(e) => {
        e.preventDefault();
        void submit({ kind: 'coaching', reason }).then((ok) => {
          if (ok) setReason('');
        });
      }}
    >
      <label>
        <span class="small">{t('conReviewReason')}</span>
        <input
          name="coaching-reason"
          required
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </label>
      <button type="submit" data-action="coaching" disabled={!reason.trim()}>
        {t('conReviewCoach')}
      </button>
    </form>
  );
}
