/**
 * A trainer's changes to the pack state: install, enable or disable, move up or down, remove.
 * Pure, so the background (the one owner of the state) applies them and Node tests them.
 */
import type { Pack } from './pack.ts';
import type { PackChoice } from './pack-set.ts';

/** The stored choice with when each installed pack was imported (epoch ms, by id). */
export interface PackChoiceState extends PackChoice {
  importedAt: Record<string, number>;
}

/** One change a trainer makes in the console's pack list. */
export type PackChange =
  | { kind: 'enable'; id: string; on: boolean }
  | { kind: 'move'; id: string; by: -1 | 1 }
  | { kind: 'remove'; id: string };

/**
 * The state after a change. `shown` is the order of precedence as listed (every pack, first =
 * highest): a move swaps two neighbours of that list and stores it whole.
 */
export function changePackChoice<S extends PackChoiceState>(
  state: S,
  change: PackChange,
  shown: readonly string[],
): S {
  const { id } = change;
  switch (change.kind) {
    case 'move': {
      const order = [...shown];
      const i = order.indexOf(id);
      const j = i + change.by;
      if (i < 0 || j < 0 || j >= order.length) return state;
      [order[i], order[j]] = [order[j]!, order[i]!];
      return { ...state, order };
    }
    case 'enable':
      return {
        ...state,
        disabled: change.on
          ? state.disabled.filter((x) => x !== id)
          : [...new Set([...state.disabled, id])],
      };
    case 'remove':
      return {
        ...state,
        installed: state.installed.filter((p) => p.id !== id),
        order: state.order.filter((x) => x !== id),
      };
  }
}

/** The state with a pack installed (replacing any of the same id), stamped with `at`. */
export function installPack<S extends PackChoiceState>(state: S, pack: Pack, at: number): S {
  return {
    ...state,
    installed: [...state.installed.filter((p) => p.id !== pack.id), pack],
    importedAt: { ...state.importedAt, [pack.id]: at },
  };
}
