/** What the background keeps on disk: masked case records and knowledge-gap reports. */
import { openDb, saveGap, saveRecord } from '../../../extension/db.ts';
import type { Protocol, RecordReview } from '../../../extension/messages.ts';
import { loadPacks, packsForCase } from '../../../extension/packs.ts';
import { getSettings } from '../../../extension/storage.ts';
import { StorageFullError } from '../../../extension/quota.ts';
import { guardWrite } from '../../../extension/storage-full.ts';
import { applicableSteps } from '../../../knowledge/case/session.ts';
import type { TabState } from '../../../knowledge/case/tab.ts';
import {
  buildRecord,
  recordKey,
  wasWorked,
  type CaseRecord,
} from '../../../knowledge/records/records.ts';
import { adjustItem, markCoaching } from '../../../knowledge/records/scorecard.ts';
import { agentIdFor, shipRecord } from '../centre.ts';

export type Saved = { saved: boolean; error?: 'storage-full' };

/**
 * A finished case: its masked record is kept for the team lead's compliance report. A case
 * only looked at (no agent message, nothing ticked by hand) leaves no record.
 */
export async function recordCase(state: TabState): Promise<Saved> {
  if (!wasWorked(state.session)) return { saved: false };
  const settings = await getSettings();
  await loadPacks();
  const packs = packsForCase(state);
  const steps = applicableSteps(state.session, packs);
  // Packs come in order of precedence: the first one with a scorecard scores the case.
  const scorecard = packs.find((p) => p.scorecard)?.scorecard;
  const agentId = agentIdFor(settings, state.session.context.agentId);
  const record = buildRecord(state.session, steps, {
    ...(agentId ? { agentId } : {}),
    team: settings.team,
    ...(scorecard ? { scorecard } : {}),
  });
  const saved = await keep(() => saveRecord(openDb(), record, settings.retentionDays));
  // The centre gets the record even when this browser's disk had no room for it.
  await shipRecord(record).catch(() => undefined);
  return saved;
}

/** An agent reports a missing or wrong knowledge item. */
export async function onGapReport({
  itemId,
  query,
  note,
  caseId,
}: Protocol['gap/report']['req']): Promise<Saved> {
  const { agentId, retentionDays } = await getSettings();
  const gap = {
    at: Date.now(),
    agentId: agentId || 'unknown',
    note: note.trim(),
    ...(itemId ? { itemId } : {}),
    ...(query ? { query } : {}),
    ...(caseId ? { caseId } : {}),
  };
  return keep(() => saveGap(openDb(), gap, retentionDays));
}

/** A trainer marks a gap report handled (or open again). */
export async function onGapSettle({ id, status }: Protocol['gap/settle']['req']) {
  await openDb().gaps.update(id, { status });
  return { ok: true };
}

/** A review as sent; anything else is refused (the console is trusted, its input checked). */
function reviewOf(review: RecordReview): RecordReview {
  const { key, action } = (review ?? {}) as Partial<RecordReview>;
  const okKey =
    typeof key?.caseId === 'string' &&
    typeof key.agentId === 'string' &&
    typeof key.startedAt === 'number';
  const okAction =
    typeof action?.reason === 'string' &&
    (action.kind === 'coaching' ||
      (action.kind === 'adjust' &&
        typeof action.itemId === 'string' &&
        typeof action.points === 'number'));
  if (!okKey || !okAction) throw new Error('refused review: expected a record key and an action');
  return { key: key!, action: action! };
}

/**
 * The team lead reviews a scored case: this browser's record, or the copy in a kept team
 * export (a lead mostly reviews other agents' cases). The pure review functions check the
 * reason and the points; the reviewer is this browser's agent id.
 */
export async function onRecordReview(review: RecordReview): Promise<CaseRecord | null> {
  const { key, action } = reviewOf(review);
  const { agentId } = await getSettings();
  const at = Date.now();
  const by = agentId?.trim() || undefined;
  const apply = (r: CaseRecord): CaseRecord =>
    action.kind === 'adjust'
      ? adjustItem(r, {
          itemId: action.itemId,
          points: action.points,
          reason: action.reason,
          at,
          ...(by ? { by } : {}),
        })
      : markCoaching(r, action.reason, at, by);
  const db = openDb();
  const own = await db.records.get([key.caseId, key.agentId, key.startedAt]);
  if (own) {
    const next = apply(own);
    await stored(() => db.records.put(next));
    return next;
  }
  const wanted = recordKey(key);
  for (const file of await db.imports.toArray()) {
    const i = file.records.findIndex((r) => recordKey(r) === wanted);
    if (i < 0 || file.id === undefined) continue;
    const next = apply(file.records[i]!);
    const records = file.records.with(i, next);
    await stored(() => db.imports.update(file.id!, { records }));
    return next;
  }
  return null;
}

/** A review write; a full disk is remembered and refused, so the console says it was not kept. */
async function stored(write: () => Promise<unknown>): Promise<void> {
  if (!(await guardWrite('disk', write))) throw new StorageFullError();
}

/** Runs a database write; a full disk is remembered for the console and the sidebar to show. */
async function keep(write: () => Promise<unknown>): Promise<Saved> {
  // The answer says why nothing was saved even when the notice itself could not be stored.
  return (await guardWrite('disk', write))
    ? { saved: true }
    : { saved: false, error: 'storage-full' };
}
