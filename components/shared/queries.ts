/** Query keys in one place, and the hooks that read through the background. */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useEffect } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import {
  acceptedItem,
  commitmentsItem,
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
  /** The packs with their enabled state and order (console and sidebar). */
  packs: ['packs'] as const,
  /** This browser's case records and the agents' knowledge-gap reports (console). */
  records: ['records'] as const,
  gaps: ['gaps'] as const,
  /** Team exports imported in the console. */
  imports: ['imports'] as const,
  /** Settings with the keys enterprise policy locks; the policy; the storage-full notice. */
  settingsLocked: ['settings', 'locked'] as const,
  policy: ['policy'] as const,
  storageFull: ['storage-full'] as const,
  commitments: ['commitments'] as const,
  shift: ['shift'] as const,
};

/** The storage-full notice (set while the browser refuses to store), kept live. */
export function useStorageFull() {
  const client = useQueryClient();
  useEffect(
    () =>
      storageFullItem.watch(() => void client.invalidateQueries({ queryKey: keys.storageFull })),
    [client],
  );
  return useQuery({ queryKey: keys.storageFull, queryFn: () => storageFullItem.getValue() });
}

/**
 * The case state of a tab, kept live by session-storage change events; while storage is full
 * the background keeps it in memory only, and it is asked for every second instead.
 */
export function useTabState(tabId: number | undefined) {
  const client = useQueryClient();
  const full = useStorageFull();
  useEffect(() => {
    if (tabId === undefined) return;
    return watchTabState(tabId, (state) => client.setQueryData(keys.tab(tabId), state));
  }, [tabId, client]);
  return useQuery({
    queryKey: keys.tab(tabId ?? -1),
    queryFn: () => send('session/get', { tabId: tabId! }),
    enabled: tabId !== undefined,
    staleTime: Infinity,
    refetchInterval: full.data ? 1_000 : false,
  });
}

/** The agent's settings, kept live. */
export function useSettings() {
  const client = useQueryClient();
  useEffect(
    () => settingsItem.watch(() => void client.invalidateQueries({ queryKey: keys.settings })),
    [client],
  );
  return useQuery({ queryKey: keys.settings, queryFn: getSettings, staleTime: Infinity });
}

/** How often the agent accepted each suggestion (the local search boost), kept live. */
export function useAccepted() {
  const client = useQueryClient();
  useEffect(
    () => acceptedItem.watch(() => void client.invalidateQueries({ queryKey: keys.accepted })),
    [client],
  );
  return useQuery({
    queryKey: keys.accepted,
    queryFn: () => acceptedItem.getValue(),
    staleTime: Infinity,
  });
}

/** Commitments across cases, kept live. */
export function useCommitments() {
  const client = useQueryClient();
  useEffect(() => commitmentsItem.watch((v) => client.setQueryData(keys.commitments, v)), [client]);
  return useQuery({
    queryKey: keys.commitments,
    queryFn: () => commitmentsItem.getValue(),
    staleTime: Infinity,
  });
}

/** The agent's current shift, kept live. */
export function useShift() {
  const client = useQueryClient();
  useEffect(() => shiftItem.watch((v) => client.setQueryData(keys.shift, v)), [client]);
  return useQuery({
    queryKey: keys.shift,
    queryFn: () => shiftItem.getValue(),
    staleTime: Infinity,
  });
}
