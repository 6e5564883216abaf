/**
 * Commitments across cases: found in agent turns or added by hand, reminded before they are
 * due (a browser notification), settled as kept by the agent or missed when time runs out.
 */
import { browser } from 'wxt/browser';
import {
  DEFAULT_CUES,
  findCommitment,
  settle,
  type Commitment,
} from '../../knowledge/case/commitments.ts';
import type { Locale, Turn } from '../../knowledge/types.ts';
import { commitmentsItem } from '../../extension/storage.ts';
import { translate } from '../../extension/i18n.ts';

const REMIND_BEFORE_MS = 10 * 60_000;
let queue: Promise<unknown> = Promise.resolve();

/** Changes the stored list, one change at a time. */
function change(fn: (list: Commitment[]) => Commitment[]): Promise<Commitment[]> {
  const run = async () => {
    const next = fn(await commitmentsItem.getValue());
    await commitmentsItem.setValue(next);
    return next;
  };
  const p = queue.then(run, run);
  queue = p.catch(() => undefined);
  return p;
}

function schedule(c: Commitment): void {
  const now = Date.now();
  void browser.alarms.create(`remind:${c.id}`, {
    when: Math.max(now + 1000, c.dueAt - REMIND_BEFORE_MS),
  });
  void browser.alarms.create(`due:${c.id}`, { when: Math.max(now + 1000, c.dueAt + 1000) });
}

/** Adds a commitment (a second one for the same case turn is ignored) and schedules its reminder. */
export async function addCommitment(c: Omit<Commitment, 'status'>): Promise<Commitment[]> {
  const list = await change((list) =>
    list.some((x) => x.id === c.id) ? list : [...list, { ...c, status: 'open' }],
  );
  schedule({ ...c, status: 'open' });
  return list;
}

/** Marks a commitment kept (or reopens it). */
export async function settleCommitment(id: string, status: 'kept' | 'open'): Promise<Commitment[]> {
  return change((list) =>
    list.map((c) =>
      c.id === id ? { ...c, status, ...(status === 'kept' ? { settledAt: Date.now() } : {}) } : c,
    ),
  );
}

/** Finds commitments in the agent turns just appended to a case (cues of each case language). */
export async function commitmentsFromTurns(
  caseId: string | undefined,
  customer: string | undefined,
  turns: Turn[],
  firstIndex: number,
  locales: readonly Locale[],
  now: number,
): Promise<void> {
  if (!caseId) return;
  for (const [i, turn] of turns.entries()) {
    if (turn.speaker !== 'agent') continue;
    const found = locales
      .map((l) => findCommitment(turn.text, turn.at ?? now, DEFAULT_CUES[l]))
      .find((f) => f !== undefined && f !== null);
    if (!found) continue;
    await addCommitment({
      id: `${caseId}#${firstIndex + i}`,
      caseId,
      text: found.text,
      createdAt: turn.at ?? now,
      dueAt: found.dueAt,
      source: 'auto',
      ...(customer ? { customer } : {}),
    });
  }
}

/** Reminders and deadlines fire through alarms, which survive service-worker restarts. */
export function startCommitmentReminders(locale: () => Promise<Locale>): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    const [kind, id] = [
      alarm.name.slice(0, alarm.name.indexOf(':')),
      alarm.name.slice(alarm.name.indexOf(':') + 1),
    ];
    if (kind === 'due') {
      void change((list) => settle(list, Date.now()));
      return;
    }
    if (kind !== 'remind') return;
    void (async () => {
      const c = (await commitmentsItem.getValue()).find((x) => x.id === id);
      if (!c || c.status !== 'open') return;
      const lang = await locale();
      const minutes = Math.max(0, Math.round((c.dueAt - Date.now()) / 60_000));
      await browser.notifications.create(`commitment:${c.id}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: translate(lang, 'commitmentDueTitle', c.caseId),
        message: translate(lang, 'commitmentDueBody', minutes, c.text),
      });
    })();
  });
}
