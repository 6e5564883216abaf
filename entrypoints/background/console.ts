/**
 * The console's messages: packs, case records, team exports and gap reports. The options page
 * validates what it imports (pure parsing) and sends the result; the state is written here.
 */
import type { Handlers, Protocol } from '../../extension/messages.ts';
import { openDb, saveImport } from '../../extension/db.ts';
import { invalidatePacks, loadPacks } from '../../extension/packs.ts';
import { isQuotaError, StorageFullError } from '../../extension/quota.ts';
import { packStateItem, type PackState } from '../../extension/storage.ts';
import type { PackEntry } from '../../knowledge/authoring/pack-set.ts';
import { changePackChoice, installPack } from '../../knowledge/authoring/pack-choice.ts';

type ConsoleMessages = Pick<
  Protocol,
  | 'gaps/list'
  | 'packs/list'
  | 'packs/install'
  | 'packs/set-state'
  | 'records/list'
  | 'records/imports'
  | 'records/import-save'
  | 'records/import-remove'
>;

/** The packs as stored now (the cache may not have seen the latest change yet). */
function freshPacks(): Promise<PackEntry[]> {
  invalidatePacks();
  return loadPacks();
}

let writing: Promise<unknown> = Promise.resolve();

/**
 * Changes the pack state, one change after the other (two quick clicks must not both start
 * from the same state); a quota refusal becomes a StorageFullError, whose message the console
 * recognises.
 */
function changePacks(
  change: (state: PackState, shown: string[]) => PackState,
): Promise<PackEntry[]> {
  const run = writing.then(async () => {
    const shown = (await freshPacks()).map((e) => e.pack.id);
    try {
      await packStateItem.setValue(change(await packStateItem.getValue(), shown));
    } catch (e) {
      throw isQuotaError(e) ? new StorageFullError() : e;
    }
    return freshPacks();
  });
  writing = run.catch(() => undefined);
  return run;
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
    run: async ({ pack }) => {
      // Policy decides over its packs: the console offers no install for them either.
      if ((await freshPacks()).some((e) => e.pack.id === pack.id && e.source === 'policy'))
        throw new Error(`refused pack "${pack.id}": set by policy`);
      return changePacks((state) => installPack(state, pack, Date.now()));
    },
  },
  'packs/set-state': {
    from: 'extension-page',
    run: async (change) => changePacks((state, shown) => changePackChoice(state, change, shown)),
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
};
