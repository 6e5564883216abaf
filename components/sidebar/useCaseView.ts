import { useMemo } from 'preact/hooks';
import type { Pack } from '../../knowledge/authoring/pack.ts';
import { uncheckedRules, type UncheckedRule } from '../../knowledge/case/session.ts';
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
  /** Context rules the page lacks a field for ("not checked: field missing"). */
  unchecked: UncheckedRule[];
}

/** The case's context, checklist, live alerts and unchecked context rules, worked out again only when the case changes. */
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
  const unchecked = useMemo(
    () => (state ? uncheckedRules(state.session, packs, state.updatedAt) : []),
    [state?.session, state?.updatedAt, packs],
  );
  return { context, steps, current, alerts, unchecked };
}
