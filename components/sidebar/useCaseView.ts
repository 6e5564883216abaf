import { useMemo } from 'preact/hooks';
import type { Pack } from '../../knowledge/authoring/pack.ts';
import type { TabState } from '../../knowledge/case/tab.ts';
import type { CaseContext } from '../../knowledge/types.ts';
import { alertViews, stepViews } from './caseView.ts';
import type { AlertView, StepView } from './views.ts';

export interface CaseView {
  context: CaseContext;
  steps: StepView[];
  /** The step the agent should do next. */
  current: string | undefined;
  alerts: AlertView[];
}

/** The case's context, checklist and live alerts, worked out again only when the case changes. */
export function useCaseView(state: TabState | null, packs: Pack[]): CaseView {
  const context = useMemo(() => state?.context ?? {}, [state?.context]);
  const steps = useMemo(
    () => (state ? stepViews(state.session, packs) : []),
    [state?.session, packs],
  );
  const current = steps.find((s) => s.current)?.id;
  const alerts = useMemo(
    () => (state ? alertViews(state.session, state.draftAlerts) : []),
    [state?.session, state?.draftAlerts],
  );
  return { context, steps, current, alerts };
}
