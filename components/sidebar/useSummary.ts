import { useState } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import type { Pack } from '../../knowledge/authoring/pack.ts';
import type { Commitment } from '../../knowledge/case/commitments.ts';
import { draftSummary, type SummaryDraft } from '../../knowledge/case/summary.ts';
import type { TabState } from '../../knowledge/case/tab.ts';
import type { Translate } from '../shared/i18n.ts';

export interface Summary {
  /** The draft the agent edits, or null before one was drafted. */
  text: string | null;
  fields: SummaryDraft['fields'];
  /** Opened by ending the case: inserting also ends it. */
  ending: boolean;
  draft: (ending?: boolean) => void;
  edit: (text: string) => void;
  /** Writes the text into the CRM's ticket-notes field. */
  insert: () => Promise<boolean>;
  close: () => void;
}

/**
 * The ticket summary of the sidebar's case: drafted from the session on demand (Alt+S) or when
 * the case ends, edited by the agent, then written into the CRM's notes field in one key.
 */
export function useSummary(
  tabId: number | undefined,
  state: TabState | null,
  packs: Pack[],
  commitments: Commitment[],
  flash: (text: string, ok: boolean) => void,
  t: Translate,
): Summary {
  const [text, setText] = useState<string | null>(null);
  const [fields, setFields] = useState<SummaryDraft['fields']>({});
  const [ending, setEnding] = useState(false);
  const [caseId, setCaseId] = useState<string | undefined>(undefined);
  // Another case on the tab: the draft of the last one is gone.
  if (text !== null && state?.context.caseId !== caseId) {
    setText(null);
    setEnding(false);
  }
  return {
    text,
    fields,
    ending,
    draft: (end = false) => {
      if (!state) return;
      const mine = commitments.filter((c) => c.caseId === state.context.caseId);
      const d = draftSummary({
        session: state.session,
        packs,
        commitments: mine,
        now: Date.now(),
      });
      setCaseId(state.context.caseId);
      setText(d.text);
      setFields(d.fields);
      setEnding(end);
    },
    edit: setText,
    insert: async () => {
      if (tabId === undefined || text === null || text.trim() === '') return false;
      const req = { tabId, text, target: 'notes' as const, fields };
      const result = await send('reply/insert', req).catch(() => ({
        ok: false as const,
        reason: 'failed' as const,
      }));
      if (result.ok) flash(t('summaryInserted'), true);
      else
        flash(
          t(result.reason === 'no-notes-box' ? 'summaryNoNotes' : 'insertFailed_failed'),
          false,
        );
      return result.ok;
    },
    close: () => {
      setText(null);
      setEnding(false);
    },
  };
}
