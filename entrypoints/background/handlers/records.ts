/** What the background keeps on disk: masked case records and knowledge-gap reports. */
import { openDb, saveGap, saveRecord } from '../../../extension/db.ts';
import type { Protocol } from '../../../extension/messages.ts';
import { loadPacks, packsForCase } from '../../../extension/packs.ts';
import { getSettings } from '../../../extension/storage.ts';
import { guardWrite } from '../../../extension/storage-full.ts';
import { applicableSteps } from '../../../knowledge/case/session.ts';
import type { TabState } from '../../../knowledge/case/tab.ts';
import { buildRecord, wasWorked } from '../../../knowledge/records/records.ts';

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
  const record = buildRecord(state.session, steps, {
    agentId: settings.agentId,
    team: settings.team,
    ...(scorecard ? { scorecard } : {}),
  });
  return keep(() => saveRecord(openDb(), record, settings.retentionDays));
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

/** Runs a database write; a full disk is remembered for the console and the sidebar to show. */
async function keep(write: () => Promise<unknown>): Promise<Saved> {
  // The answer says why nothing was saved even when the notice itself could not be stored.
  return (await guardWrite('disk', write))
    ? { saved: true }
    : { saved: false, error: 'storage-full' };
}
