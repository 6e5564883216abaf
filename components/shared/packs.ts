/** The packs with their enabled state and order, as the sidebar and the console read them. */
import { send } from '../../extension/messages.ts';
import { loadPacks, watchPacks } from '../../extension/packs.ts';
import { packStateItem } from '../../extension/storage.ts';
import { keys, useWatchedQuery } from './queries.ts';

/**
 * The packs (bundled, imported, policy) with their state, kept live when a trainer changes them.
 * The console asks the background, which owns pack state and sees every change first; the
 * sidebar only reads, straight from storage, without copying every pack through a message.
 */
export function usePackEntries(through: 'storage' | 'background' = 'storage') {
  const background = through === 'background';
  return useWatchedQuery({
    queryKey: keys.packs,
    queryFn: background ? () => send('packs/list', {}) : loadPacks,
    watch: background
      ? { refetch: (onChange) => packStateItem.watch(onChange) }
      : { set: watchPacks },
    staleTime: Infinity,
  });
}
