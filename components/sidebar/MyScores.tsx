/**
 * The agent's own QA scores: the recent scored cases of this browser with the score (after the
 * team lead's review), the items that lost points, the lead's reasons and coaching mark, and
 * the agent's answer: acknowledge the score, or dispute it with a reason.
 */
import { useQueryClient } from '@tanstack/preact-query';
import { useEffect, useState } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import type { TabState } from '../../knowledge/case/tab.ts';
import { lostItems } from '../../knowledge/records/mine.ts';
import { recordKey, type CaseRecord } from '../../knowledge/records/records.ts';
import {
  adjustedScore,
  type Acknowledgement,
  type CaseScore,
} from '../../knowledge/records/scorecard.ts';
import { savingFailure, useT } from '../shared/i18n.ts';
import { keys, useMyScores } from '../shared/queries.ts';

function day(ms: number, locale: string): string {
  return new Date(ms).toLocaleString(locale, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * A collapsible section of the sidebar, read when opened. A case ending (by the button, a new
 * case on the tab, the tab closed) writes its scored record just after the tab changes: the
 * scores are read again a moment later.
 */
export function MyScores({ state }: { state: TabState | null }) {
  const { t } = useT();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const scores = useMyScores(open);
  const list = scores.data ?? [];
  const caseKey = [state?.context.caseId, state?.session.startedAt, state?.session.endedAt].join();
  useEffect(() => {
    const id = setTimeout(() => void client.invalidateQueries({ queryKey: keys.myScores }), 800);
    return () => clearTimeout(id);
  }, [caseKey]);
  return (
    <details
      id="my-scores"
      class="card"
      data-panel="my-scores"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        <h2 class="inline">{t('myScores')}</h2>
      </summary>
      {!open ? null : scores.isError ? (
        <p role="status">{t('myScoresError')}</p>
      ) : scores.isLoading ? (
        <p role="status">{t('loading')}</p>
      ) : list.length === 0 ? (
        <p class="muted" data-empty="my-scores">
          {t('myScoresNone')}
        </p>
      ) : (
        <ul class="my-scores">
          {list.map((r) => (
            <MyScore key={recordKey(r)} record={r} />
          ))}
        </ul>
      )}
    </details>
  );
}

/** Sends the agent's answer; the list follows the stored record. */
function useAcknowledge(record: CaseRecord) {
  const { t } = useT();
  const client = useQueryClient();
  const [notice, setNotice] = useState('');
  const key = { caseId: record.caseId, agentId: record.agentId, startedAt: record.startedAt };
  const answer = async (state: Acknowledgement['state'], reason?: string): Promise<boolean> => {
    try {
      const saved = await send('records/acknowledge', {
        key,
        state,
        ...(reason !== undefined ? { reason } : {}),
      });
      if (!saved) {
        setNotice(t('myAckNotFound'));
        return false;
      }
      setNotice('');
      client.setQueryData<CaseRecord[]>(keys.myScores, (list) =>
        list?.map((r) => (recordKey(r) === recordKey(saved) ? saved : r)),
      );
      await client.invalidateQueries({ queryKey: keys.records });
      return true;
    } catch (e) {
      setNotice(t(savingFailure(e)));
      return false;
    }
  };
  return { answer, notice };
}

/** One scored case: its score, what it lost, the lead's review and the agent's answer. */
function MyScore({ record }: { record: CaseRecord }) {
  const { t, locale } = useT();
  const built = record.score!;
  const score = adjustedScore(record)!;
  return (
    <li
      class="my-score"
      data-my-score={record.caseId}
      data-ack={record.acknowledgement?.state ?? 'none'}
      aria-labelledby={`my-score-${record.startedAt}`}
    >
      <div class="row">
        <strong id={`my-score-${record.startedAt}`}>{t('myScoreCase', record.caseId)}</strong>
        <span class="muted small">{day(record.endedAt, locale)}</span>
      </div>
      <p data-score={score.score}>
        <strong>{t('myScoreValue', score.score)}</strong>
        {score.score !== built.score && (
          <span class="small"> {t('myScoreReviewed', built.score)}</span>
        )}
      </p>
      {score.zeroedBy && <p class="small">{t('myScoreZeroed')}</p>}
      <LostItems score={score} />
      <LeadReview record={record} score={score} />
      <Answer record={record} />
    </li>
  );
}

function LostItems({ score }: { score: CaseScore }) {
  const { t } = useT();
  const lost = lostItems(score);
  if (lost.length === 0) return <p class="small muted">{t('myScoreNoLoss')}</p>;
  return (
    <>
      <p class="small">{t('myScoreLost')}</p>
      <ul class="small">
        {lost.map((i) => (
          <li key={i.id} data-lost={i.id}>
            {t('myScoreLostItem', i.title, i.lost)}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The team lead's adjustments and coaching mark, with their reasons. */
function LeadReview({ record, score }: { record: CaseRecord; score: CaseScore }) {
  const { t } = useT();
  const { review } = record;
  if (!review || (review.adjustments.length === 0 && !review.coaching)) return null;
  const titles = new Map(score.items.map((i) => [i.id, i.title]));
  return (
    <ul class="small">
      {review.adjustments.map((a, n) => (
        <li key={n} data-adjustment={a.itemId}>
          {t('myScoreAdjustment', titles.get(a.itemId) ?? a.itemId, a.points, a.reason)}
        </li>
      ))}
      {review.coaching && <li data-coaching="">{t('myScoreCoaching', review.coaching.reason)}</li>}
    </ul>
  );
}

/** The agent's answer as stored, or the buttons to give it. */
function Answer({ record }: { record: CaseRecord }) {
  const { t } = useT();
  const ack = record.acknowledgement;
  const { answer, notice } = useAcknowledge(record);
  const [disputing, setDisputing] = useState(false);
  return (
    <>
      {ack ? (
        <p class="badge" data-ack-state={ack.state}>
          {t(`myAck_${ack.state}`, ack.reason ?? '')}
        </p>
      ) : disputing ? (
        <DisputeForm
          onSend={(reason) => answer('disputed', reason)}
          onCancel={() => setDisputing(false)}
        />
      ) : (
        <div class="row">
          <span class="muted small" data-ack-state="none">
            {t('myAck_none')}
          </span>
          <button
            type="button"
            data-action="acknowledge"
            onClick={() => void answer('acknowledged')}
          >
            {t('myAckAcknowledge')}
          </button>
          <button type="button" data-action="dispute" onClick={() => setDisputing(true)}>
            {t('myAckDispute')}
          </button>
        </div>
      )}
      {notice && (
        <p class="small" role="alert">
          {notice}
        </p>
      )}
    </>
  );
}

/** The dispute's reason; an empty one is refused with a message. */
function DisputeForm({
  onSend,
  onCancel,
}: {
  onSend: (reason: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t } = useT();
  const [reason, setReason] = useState('');
  const [empty, setEmpty] = useState(false);
  return (
    <form
      class="variables"
      data-form="dispute"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) {
          setEmpty(true);
          return;
        }
        void onSend(reason.trim());
      }}
    >
      <label>
        <span class="small">{t('myAckReason')}</span>
        <textarea
          rows={3}
          name="dispute-reason"
          autoFocus
          aria-invalid={empty}
          value={reason}
          onInput={(e) => {
            setReason(e.currentTarget.value);
            setEmpty(false);
          }}
        />
      </label>
      {empty && (
        <p class="small" role="alert" data-notice="dispute-reason">
          {t('myAckReasonNeeded')}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" data-action="send-dispute">
          {t('myAckSend')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
