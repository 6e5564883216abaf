/**
 * The console's messages: packs, local rule examples, case records, team exports and gap reports. The options page
 * validates what it imports (pure parsing) and sends the result; the state is written here.
 */
import type { Handlers, Protocol, RuleExampleChange } from '../../../extension/messages.ts';
import { openDb, saveImport } from '../../../extension/db.ts';
import { onRecordReview } from './records.ts';
import { invalidatePacks, loadPacks } from '../../../extension/packs.ts';
import { isQuotaError, StorageFullError } from '../../../extension/quota.ts';
import {
  packStateItem,
  readPolicy,
  ruleExamplesItem,
  type PackState,
} from '../../../extension/storage.ts';
import type { PackEntry } from '../../../knowledge/authoring/pack-set.ts';
import { changePackChoice, installPack } from '../../../knowledge/authoring/pack-choice.ts';
import {
  addExample,
  readLocalExamples,
  removeExample,
  type LocalExamples,
} from '../../../knowledge/authoring/rule-examples.ts';

type ConsoleMessages = Pick<
  Protocol,
  | 'gaps/list'
  | 'packs/list'
  | 'packs/install'
  | 'packs/set-state'
  | 'examples/add'
  | 'examples/remove'
  | 'records/list'
  | 'records/imports'
  | 'records/import-save'
  | 'records/import-remove'
  | 'records/review'
>;

/** The packs as stored now (the cache may not have seen the latest change yet). */
function freshPacks(): Promise<PackEntry[]> {
  invalidatePacks();
  return loadPacks();
}

let writing: Promise<unknown> = Promise.resolve();

/**
 * Changes a stored item, one change after the other (two quick clicks must not both start
 * from the same state); a quota refusal becomes a StorageFullError, whose message the console
 * recognises. The console's lists follow the stored state (packs can be a megabyte: they are
 * not sent back here as well).
 */
function changeInTurn<T>(
  item: { getValue(): Promise<T>; setValue(v: T): Promise<void> },
  change: (value: T) => T | Promise<T>,
): Promise<{ ok: true }> {
  const run = writing.then(async () => {
    const next = await change(await item.getValue());
    try {
      await item.setValue(next);
    } catch (e) {
      throw isQuotaError(e) ? new StorageFullError() : e;
    }
    invalidatePacks();
    return { ok: true as const };
  });
  writing = run.catch(() => undefined);
  return run;
}

const changePacks = (change: (state: PackState) => Promise<PackState>) =>
  changeInTurn(packStateItem, change);

/** The local rule examples, read defensively (a hand-edited store may hold anything). */
const changeExamples = (change: (local: LocalExamples) => LocalExamples) =>
  changeInTurn(ruleExamplesItem, (stored) => change(readLocalExamples(stored)));

/** A change to the local rule examples as sent; anything else is refused. */
function exampleChange(change: RuleExampleChange): RuleExampleChange {
  const { ruleId, kind, text } = change as Partial<RuleExampleChange>;
  if (typeof ruleId !== 'string' || typeof text !== 'string' || (kind !== 'flag' && kind !== 'ok'))
    throw new Error('refused rule example: expected a rule id, a kind and a text');
  return { ruleId, kind, text };
}

export const consoleHandlers: Handlers<ConsoleMessages> = {
  'gaps/list': {
    from: 'extension-page',
    run: async () => openDb().gaps.orderBy('at').reverse().toArray(),
  },
  'packs/list': {
    from: 'extension-page',
    run: async () => freshPacks(),
  },
  'packs/install': {
    from: 'extension-page',
    run: async ({ pack }) =>
      changePacks(async (state) => {
        // Policy decides over its packs: the console offers no install for them either.
        if ((await readPolicy()).packs.some((p) => p.id === pack.id))
          throw new Error(`refused pack "${pack.id}": set by policy`);
        return installPack(state, pack, Date.now());
      }),
  },
  'packs/set-state': {
    from: 'extension-page',
    run: async (change) =>
      changePacks(async (state) => {
        // A move swaps neighbours in the order shown, which policy and defaults also decide.
        const shown = change.kind === 'move' ? (await freshPacks()).map((e) => e.pack.id) : [];
        return changePackChoice(state, change, shown);
      }),
  },
  'examples/add': {
    from: 'extension-page',
    run: async (change) => {
      const { ruleId, kind, text } = exampleChange(change);
      return changeExamples((local) => addExample(local, ruleId, kind, text));
    },
  },
  'examples/remove': {
    from: 'extension-page',
    run: async (change) => {
      const { ruleId, kind, text } = exampleChange(change);
      return changeExamples((local) => removeExample(local, ruleId, kind, text));
    },
  },
  'records/list': {
    from: 'extension-page',
    run: async () => openDb().records.toArray(),
  },
  'records/imports': {
    from: 'extension-page',
    run: async () => openDb().imports.orderBy('at').toArray(),
  },
  'records/import-save': {
    from: 'extension-page',
    run: async (file) => {
      try {
        await saveImport(openDb(), file);
        return { saved: true };
      } catch {
        // Not kept (no room, or refused): the console keeps it for the page and says so.
        return { saved: false };
      }
    },
  },
  'records/import-remove': {
    from: 'extension-page',
    run: async ({ id }) => {
      await openDb().imports.delete(id);
      return { ok: true };
    },
  },
  'records/review': {
    from: 'extension-page',
    run: async (review) => onRecordReview(review),
  },
};
