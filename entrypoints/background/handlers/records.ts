/** What the background keeps on disk: masked case records and knowledge-gap reports. */
import { openDb, saveGap, saveRecord, type RecordKey } from '../../../extension/db.ts';
import type { Protocol, RecordAcknowledgement, RecordReview } from '../../../extension/messages.ts';
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
import { myScoredRecords } from '../../../knowledge/records/mine.ts';
import { acknowledge, adjustItem, markCoaching } from '../../../knowledge/records/scorecard.ts';
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

type Key = RecordReview['key'];

const isKey = (key: Partial<Key> | undefined): key is Key =>
  typeof key?.caseId === 'string' &&
  typeof key.agentId === 'string' &&
  typeof key.startedAt === 'number';

/** A review as sent; anything else is refused (the console is trusted, its input checked). */
function reviewOf(review: RecordReview): RecordReview {
  const { key, action } = (review ?? {}) as Partial<RecordReview>;
  const okAction =
    typeof action?.reason === 'string' &&
    (action.kind === 'coaching' ||
      (action.kind === 'adjust' &&
        typeof action.itemId === 'string' &&
        typeof action.points === 'number'));
  if (!isKey(key) || !okAction)
    throw new Error('refused review: expected a record key and an action');
  return { key, action: action! };
}

/** An acknowledgement as sent; anything else is refused. */
function acknowledgementOf(ack: RecordAcknowledgement): RecordAcknowledgement {
  const { key, state, reason } = (ack ?? {}) as Partial<RecordAcknowledgement>;
  const okState = state === 'acknowledged' || state === 'disputed';
  const okReason = reason === undefined || typeof reason === 'string';
  if (!isKey(key) || !okState || !okReason)
    throw new Error('refused acknowledgement: expected a record key and a state');
  return { key, state, ...(reason !== undefined ? { reason } : {}) };
}

const dbKey = (key: Key): RecordKey => [key.caseId, key.agentId, key.startedAt];

/**
 * Writes a changed record where its stored copy is: this browser's records, or the kept team
 * export that holds it. Every change of an existing record goes through here; a full disk is
 * remembered and refused (StorageFullError), so the page says it was not kept.
 */
export async function saveChangedRecord(record: CaseRecord): Promise<void> {
  await saveHere(record);
  // The centre gets the newer version (a review, an answer to the score), which replaces the
  // first copy there by its event id.
  await shipRecord(record).catch(() => undefined);
}

async function saveHere(record: CaseRecord): Promise<void> {
  const db = openDb();
  if (await db.records.get(dbKey(record))) {
    await stored(() => db.records.put(record));
    return;
  }
  const wanted = recordKey(record);
  for (const file of await db.imports.toArray()) {
    const i = file.records.findIndex((r) => recordKey(r) === wanted);
    if (i < 0 || file.id === undefined) continue;
    const records = file.records.with(i, record);
    await stored(() => db.imports.update(file.id!, { records }));
    return;
  }
  throw new Error(`no stored record of case "${record.caseId}" to change`);
}

/** A stored record by its key: this browser's own, else the first kept team export's copy. */
async function findRecord(key: Key, ownOnly = false): Promise<CaseRecord | undefined> {
  const db = openDb();
  const own = await db.records.get(dbKey(key));
  if (own || ownOnly) return own;
  const wanted = recordKey(key);
  for (const file of await db.imports.toArray()) {
    const found = file.records.find((r) => recordKey(r) === wanted);
    if (found) return found;
  }
  return undefined;
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
  const found = await findRecord(key);
  if (!found) return null;
  const next =
    action.kind === 'adjust'
      ? adjustItem(found, {
          itemId: action.itemId,
          points: action.points,
          reason: action.reason,
          at,
          ...(by ? { by } : {}),
        })
      : markCoaching(found, action.reason, at, by);
  await saveChangedRecord(next);
  return next;
}

/**
 * The agent's recent scored cases in this browser: those of the agent id in the settings (all
 * of them when none is set), newest first.
 */
export async function onMyRecords(req: Protocol['records/mine']['req']): Promise<CaseRecord[]> {
  const { agentId } = await getSettings();
  const me = agentId?.trim() ?? '';
  const db = openDb();
  const records = me
    ? await db.records.where('agentId').equals(me).toArray()
    : await db.records.toArray();
  return myScoredRecords(records, me, (req ?? {}).limit);
}

/**
 * The agent acknowledges or disputes the score of one of this browser's cases (a dispute needs
 * a reason, checked and masked by `acknowledge`); the stored record, or null when not found.
 */
export async function onRecordAcknowledge(ack: RecordAcknowledgement): Promise<CaseRecord | null> {
  const { key, state, reason } = acknowledgementOf(ack);
  const found = await findRecord(key, true);
  if (!found) return null;
  if (!found.score) throw new Error('refused acknowledgement: the case has no score');
  const next = acknowledge(found, state, reason, Date.now());
  await saveChangedRecord(next);
  return next;
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
