import { GapReport } from './GapReport.tsx';
import type { GapReporting } from './useGapReport.ts';
import type { Insertion } from './useInsertion.ts';
import type { Toast } from './useToast.ts';
import { VariablesForm } from './VariablesForm.tsx';

/** What answers the agent's last action: the status line, missing variables, a gap report. */
export function Prompts({
  toast,
  insertion,
  gaps,
}: {
  toast: Toast | null;
  insertion: Pick<Insertion, 'pending' | 'complete' | 'cancel'>;
  gaps: GapReporting;
}) {
  const { gap } = gaps;
  return (
    <>
      {toast && (
        <p class={`toast ${toast.ok ? 'ok' : 'error'}`} role="status">
          {toast.text}
        </p>
      )}
      {insertion.pending && (
        <VariablesForm
          missing={insertion.pending.missing}
          onCancel={insertion.cancel}
          onDone={insertion.complete}
        />
      )}
      {gap && (
        <GapReport
          {...(gap.itemTitle ? { itemTitle: gap.itemTitle } : {})}
          {...(gap.query ? { query: gap.query } : {})}
          onSend={(note) => void gaps.send(note)}
          onClose={gaps.close}
        />
      )}
    </>
  );
}
