import { useState } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import type { Translate } from '../shared/i18n.ts';
import { savingError } from './caseActions.ts';
import type { Knowledge } from './useKnowledge.ts';

/** What a knowledge-gap report is about: an item that was wrong, or a search that found nothing. */
export interface Gap {
  itemId?: string;
  itemTitle?: string;
  query?: string;
}

export interface GapReporting {
  gap: Gap | null;
  /** Opens a report on an item (with the search that showed it, if any). */
  report: (itemId: string) => void;
  /** Opens a report that the search found nothing fitting. */
  reportMissing: () => void;
  send: (note: string) => Promise<void>;
  close: () => void;
}

/** The agent's report of a missing or wrong knowledge item, sent to the trainers. */
export function useGapReport(
  knowledge: Knowledge,
  query: string,
  caseId: string | undefined,
  flash: (text: string, ok: boolean) => void,
  t: Translate,
): GapReporting {
  const [gap, setGap] = useState<Gap | null>(null);
  return {
    gap,
    report: (id) => {
      const item = knowledge.articles.get(id) ?? knowledge.scripts.get(id);
      setGap({
        itemId: id,
        ...(item ? { itemTitle: item.title } : {}),
        ...(query.trim() ? { query: query.trim() } : {}),
      });
    },
    reportMissing: () => setGap({ query: query.trim() }),
    send: async (note) => {
      if (!gap) return;
      const result = await send('gap/report', {
        note,
        ...(gap.itemId ? { itemId: gap.itemId } : {}),
        ...(gap.query ? { query: gap.query } : {}),
        ...(caseId ? { caseId } : {}),
      }).catch(() => ({ saved: false, error: 'failed' as const }));
      setGap(null);
      flash(result.saved ? t('gapSent') : t(savingError(result.error)), result.saved);
    },
    close: () => setGap(null),
  };
}
