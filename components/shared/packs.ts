/** The packs with their enabled state and order, as the sidebar and the console read them. */
import { loadPacks, watchPacks } from '../../extension/packs.ts';
import { keys, useWatchedQuery } from './queries.ts';

/** The packs (bundled, imported, policy) with their state, kept live when a trainer changes them. */
export function usePackEntries() {
  return useWatchedQuery({
    queryKey: keys.packs,
    queryFn: loadPacks,
    watch: { set: watchPacks },
    staleTime: Infinity,
  });
}
