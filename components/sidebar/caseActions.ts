/** What the agent does to the sidebar's case, sent to the background. */
import { send } from '../../extension/messages.ts';
import { savingFailure, type MessageKey, type Translate } from '../shared/i18n.ts';

/** The message for a write the background could not make. */
export const savingError = (error: 'storage-full' | 'failed' | undefined): MessageKey =>
  error === 'storage-full' ? 'storageFull' : 'saveFailed';

export interface CaseActions {
  tick: (stepId: string, done: boolean) => void;
  override: (alertId: string, reason: string) => void;
  endCase: () => Promise<void>;
  setLanguage: (language: 'zh-CN' | 'en') => void;
  settleCommitment: (id: string, status: 'kept' | 'open') => void;
  addCommitment: (c: { caseId: string; text: string; dueAt: number; customer?: string }) => void;
}

/** The case actions for a tab; failures are shown through `flash`. */
export function caseActions(
  tabId: number | undefined,
  flash: (text: string, ok: boolean) => void,
  t: Translate,
): CaseActions {
  return {
    tick: (stepId, done) => {
      if (tabId !== undefined) void send('session/tick', { tabId, stepId, done });
    },
    override: (alertId, reason) => {
      if (tabId !== undefined) void send('session/override', { tabId, alertId, reason });
    },
    endCase: async () => {
      if (tabId === undefined) return;
      const result = await send('case/end', { tabId }).catch(() => ({
        saved: false,
        error: 'failed' as const,
      }));
      // A case only looked at leaves no record: that is not a failure.
      if (result.saved || !result.error)
        flash(t(result.saved ? 'caseEnded' : 'caseEndedNoRecord'), true);
      else flash(t(savingError(result.error)), false);
    },
    setLanguage: (language) =>
      void send('settings/set', { language }).catch((err: unknown) =>
        flash(t(savingFailure(err)), false),
      ),
    settleCommitment: (id, status) => void send('commitment/settle', { id, status }),
    addCommitment: (c) => void send('commitment/add', c),
  };
}
