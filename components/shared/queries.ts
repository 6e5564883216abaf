/** Query keys in one place, and the hooks that read through the background. */
import { hashKey, useQuery, useQueryClient, type QueryKey } from '@tanstack/preact-query';
import { useEffect } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import { readLocalExamples } from '../../knowledge/authoring/rule-examples.ts';
import {
  acceptedItem,
  learnedItem,
  commitmentsItem,
  ruleExamplesItem,
  shiftItem,
  getSettings,
  settingsItem,
  storageFullItem,
  watchTabState,
} from '../../extension/storage.ts';

export const keys = {
  tab: (tabId: number) => ['tab', tabId] as const,
  settings: ['settings'] as const,
  searchIndex: (locale: string) => ['search-index', locale] as const,
  accepted: ['accepted'] as const,
  /** The words that led the agent to each pick (the search learns them). */
  learned: ['learned'] as const,
  /** The packs with their enabled state and order (console and sidebar). */
  packs: ['packs'] as const,
  /** This browser's case records and the agents' knowledge-gap reports (console). */
  records: ['records'] as const,
  /** The agent's own recent scored cases (sidebar); under `records`, so a records change reaches it. */
  myScores: ['records', 'mine'] as const,
  gaps: ['gaps'] as const,
  /** Team exports imported in the console. */
  imports: ['imports'] as const,
  /** Settings with the keys enterprise policy locks; the policy; the storage-full notice. */
  settingsLocked: ['settings', 'locked'] as const,
  policy: ['policy'] as const,
  storageFull: ['storage-full'] as const,
  commitments: ['commitments'] as const,
  shift: ['shift'] as const,
  /** Example sentences trainers added to rules on this machine. */
  ruleExamples: ['rule-examples'] as const,
  /** The centre store: its connection and outbox, and its report. */
  centreStatus: ['centre', 'status'] as const,
  centreReport: (filter: object) => ['centre', 'report', filter] as const,
  centreLive: ['centre', 'live'] as const,
};

/** Subscribes to a stored value's changes; returns the unsubscribe. */
export type Watch<T> = (onChange: (value: T) => void) => () => void;

export interface WatchedQuery<T> {
  queryKey: QueryKey;
  queryFn: () => Promise<T>;
  /** `set`: the watched value is the new data; `refetch`: a change only says to read again. */
  watch: { set: Watch<T> } | { refetch: Watch<unknown> };
  staleTime?: number;
  enabled?: boolean;
  refetchInterval?: number | false;
}

/** A query kept live by watching the storage it reads (watched while the query is enabled). */
export function useWatchedQuery<T>({ watch, ...query }: WatchedQuery<T>) {
  const client = useQueryClient();
  const { queryKey } = query;
  const enabled = query.enabled ?? true;
  // The watch belongs to the key: a new closure for the same key is the same watch.
  useEffect(() => {
    if (!enabled) return;
    if ('set' in watch) return watch.set((value) => client.setQueryData(queryKey, value));
    return watch.refetch(() => void client.invalidateQueries({ queryKey }));
  }, [client, hashKey(queryKey), enabled]);
  return useQuery(query);
}

/** The storage-full notice (set while the browser refuses to store), kept live. */
export function useStorageFull() {
  return useWatchedQuery({
    queryKey: keys.storageFull,
    queryFn: () => storageFullItem.getValue(),
    watch: { refetch: (f) => storageFullItem.watch(f) },
  });
}

/**
 * The case state of a tab, kept live by session-storage change events; while storage is full
 * the background keeps it in memory only, and it is asked for every second instead.
 */
export function useTabState(tabId: number | undefined) {
  const full = useStorageFull();
  return useWatchedQuery({
    queryKey: keys.tab(tabId ?? -1),
    queryFn: () => send('session/get', { tabId: tabId! }),
    watch: { set: (f) => watchTabState(tabId!, f) },
    enabled: tabId !== undefined,
    staleTime: Infinity,
    refetchInterval: full.data ? 1_000 : false,
  });
}

/** The agent's settings, kept live. */
export function useSettings() {
  return useWatchedQuery({
    queryKey: keys.settings,
    queryFn: getSettings,
    watch: { refetch: (f) => settingsItem.watch(f) },
    staleTime: Infinity,
  });
}

/** How often the agent accepted each suggestion (the local search boost), kept live. */
export function useAccepted() {
  return useWatchedQuery({
    queryKey: keys.accepted,
    queryFn: () => acceptedItem.getValue(),
    watch: { refetch: (f) => acceptedItem.watch(f) },
    staleTime: Infinity,
  });
}

/** The agent's picks with the words that led to them, kept live. */
export function useLearned() {
  return useWatchedQuery({
    queryKey: keys.learned,
    queryFn: () => learnedItem.getValue(),
    watch: { refetch: (f) => learnedItem.watch(f) },
    staleTime: Infinity,
  });
}

/** Commitments across cases, kept live. */
export function useCommitments() {
  return useWatchedQuery({
    queryKey: keys.commitments,
    queryFn: () => commitmentsItem.getValue(),
    watch: { set: (f) => commitmentsItem.watch(f) },
    staleTime: Infinity,
  });
}

/** The agent's current shift, kept live. */
export function useShift() {
  return useWatchedQuery({
    queryKey: keys.shift,
    queryFn: () => shiftItem.getValue(),
    watch: { set: (f) => shiftItem.watch(f) },
    staleTime: Infinity,
  });
}

/** The example sentences trainers added to rules on this machine, kept live. */
export function useRuleExamples() {
  return useWatchedQuery({
    queryKey: keys.ruleExamples,
    queryFn: async () => readLocalExamples(await ruleExamplesItem.getValue()),
    watch: { set: (f) => ruleExamplesItem.watch((v) => f(readLocalExamples(v))) },
    staleTime: Infinity,
  });
}

/** The agent's own recent scored cases, newest first (read when shown). */
export function useMyScores(enabled: boolean) {
  return useQuery({
    queryKey: keys.myScores,
    queryFn: () => send('records/mine', {}),
    enabled,
  });
}
