/**
 * Per-tab case state: an in-memory cache in front of `storage.session`, with one queue per
 * tab so reports from several frames never overwrite each other.
 */
import { loadTabState, removeTabState, saveTabState } from '../../extension/storage.ts';
import { guardWrite } from '../../extension/storage-full.ts';
import type { TabState } from '../../knowledge/case/tab.ts';

const cache = new Map<number, TabState | null>();
const observers: ((before: TabState | null, after: TabState | null) => void)[] = [];

/** Calls back after every stored change of any tab's state (the centre's live alerts). */
export function observeTabs(cb: (before: TabState | null, after: TabState | null) => void): void {
  observers.push(cb);
}
const queues = new Map<number, Promise<unknown>>();

/**
 * Stores a tab's state. With no room left the case goes on in memory (lost only if the worker
 * stops): the storage-full notice is raised, and the sidebar asks for the state while it shows.
 */
async function persist(state: TabState): Promise<void> {
  await guardWrite('session', () => saveTabState(state));
}

/** Reads a tab's state (after a worker restart, from session storage). */
export async function getTab(tabId: number): Promise<TabState | null> {
  await queues.get(tabId);
  if (!cache.has(tabId)) cache.set(tabId, await loadTabState(tabId));
  return cache.get(tabId) ?? null;
}

/**
 * Runs `change` on the tab's state in order with every other change to that tab and saves
 * the result. Returning null removes the state.
 */
export function updateTab(
  tabId: number,
  change: (state: TabState | null) => TabState | null | Promise<TabState | null>,
): Promise<TabState | null> {
  const run = async (): Promise<TabState | null> => {
    if (!cache.has(tabId)) cache.set(tabId, await loadTabState(tabId));
    const before = cache.get(tabId) ?? null;
    const after = await change(before);
    if (after === before) return after;
    cache.set(tabId, after);
    if (after) await persist(after);
    else await removeTabState(tabId);
    for (const cb of observers) cb(before, after);
    return after;
  };
  const next = (queues.get(tabId) ?? Promise.resolve()).then(run, run);
  queues.set(
    tabId,
    next.catch(() => undefined),
  );
  return next;
}

/** Forgets a closed tab. */
export async function dropTab(tabId: number): Promise<TabState | null> {
  const last = await getTab(tabId);
  await updateTab(tabId, () => null);
  cache.delete(tabId);
  queues.delete(tabId);
  return last;
}
