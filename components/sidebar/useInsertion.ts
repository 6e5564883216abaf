import { useState } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import { recordAccepted } from '../../extension/storage.ts';
import type { Pack } from '../../knowledge/authoring/pack.ts';
import type { UsedItem } from '../../knowledge/case/session.ts';
import { fillTemplate, hasPlaceholder } from '../../knowledge/text/template.ts';
import type { CaseContext } from '../../knowledge/types.ts';
import type { Translate } from '../shared/i18n.ts';
import { templateValues } from './caseView.ts';

/** A script waiting for the variables the case could not fill. */
export interface Pending {
  raw: string;
  id: string;
  missing: string[];
  used?: UsedItem;
}

export interface Insertion {
  pending: Pending | null;
  /** Fills a script's variables from the case and inserts it, or asks for what is missing. */
  insert: (raw: string, id: string, used?: UsedItem) => void;
  /** The agent gave the missing values: insert. */
  complete: (values: Record<string, string>) => void;
  cancel: () => void;
}

/** Inserting scripts and articles into the CRM's reply box of the sidebar's tab. */
export function useInsertion(
  tabId: number | undefined,
  context: CaseContext,
  settings: { agentId: string; agentName: string } | undefined,
  packs: Pack[],
  flash: (text: string, ok: boolean) => void,
  t: Translate,
): Insertion {
  const [pending, setPending] = useState<Pending | null>(null);

  const deliver = async (text: string, id: string, used?: UsedItem) => {
    if (tabId === undefined) return;
    if (hasPlaceholder(text)) return; // a raw {{placeholder}} never reaches the customer
    const req = used ? { tabId, text, item: used } : { tabId, text };
    const result = await send('reply/insert', req).catch(() => ({
      ok: false as const,
      reason: 'failed' as const,
    }));
    if (result.ok) {
      void recordAccepted(id);
      flash(t('inserted'), true);
    } else {
      const key =
        result.reason === 'no-tab'
          ? 'insertFailed_noTab'
          : result.reason === 'no-reply-box'
            ? 'insertFailed_noReply'
            : 'insertFailed_failed';
      flash(t(key), false);
    }
  };

  return {
    pending,
    insert: (raw, id, used) => {
      const values = templateValues(context, settings ?? { agentId: '', agentName: '' }, packs);
      const filled = fillTemplate(raw, values);
      if (filled.missing.length > 0)
        setPending({ raw: filled.text, id, missing: filled.missing, ...(used ? { used } : {}) });
      else void deliver(filled.text, id, used);
    },
    complete: (values) => {
      if (!pending) return;
      const filled = fillTemplate(pending.raw, values);
      setPending(null);
      void deliver(filled.text, pending.id, pending.used);
    },
    cancel: () => setPending(null),
  };
}
