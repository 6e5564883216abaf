/** Turns the engines' case state into what the sidebar shows. Pure, so it is tested in Node. */
import type { Pack, Script, SopStep } from '../../knowledge/authoring/pack.ts';
import { applicableSteps, currentStep, type CaseSession } from '../../knowledge/case/session.ts';
import type { GuardAlert } from '../../knowledge/rules/guard.ts';
import type { CaseContext } from '../../knowledge/types.ts';
import type { AlertView, StepView } from './views.ts';

function stepDefs(packs: Pack[]): Map<string, SopStep> {
  const defs = new Map<string, SopStep>();
  for (const p of packs) for (const s of p.steps ?? []) if (!defs.has(s.id)) defs.set(s.id, s);
  return defs;
}

/** The checklist: steps that apply to the case, with how each was ticked and the current one. */
export function stepViews(session: CaseSession, packs: Pack[]): StepView[] {
  const defs = stepDefs(packs);
  const current = currentStep(session, packs);
  return applicableSteps(session, packs).map((id) => {
    const def = defs.get(id);
    const st = session.steps[id];
    const view: StepView = {
      id,
      title: def?.title ?? id,
      done: st?.done ?? false,
      current: id === current,
    };
    if (def?.hint) view.hint = def.hint;
    if (def?.parent) view.parent = def.parent;
    if (st?.how) view.how = st.how;
    if (st?.turn !== undefined && st.turn >= 0) view.turn = st.turn;
    if (st?.at !== undefined) view.at = st.at;
    return view;
  });
}

function alertView(a: GuardAlert & { id: string }, source: AlertView['source']): AlertView {
  const view: AlertView = {
    id: a.id,
    kind: a.kind,
    severity: a.severity,
    title: a.title,
    matched: a.match,
    basis: a.basis,
    alternative: a.alternative,
    source,
  };
  if (a.explanation) view.explanation = a.explanation;
  if (a.example) view.example = a.example;
  return view;
}

/** Live alerts: the draft's, then the case's that were not overridden. */
export function alertViews(
  session: CaseSession,
  draftAlerts: (GuardAlert & { id: string })[],
): AlertView[] {
  return [
    ...draftAlerts.map((a) => alertView(a, 'draft')),
    ...session.alerts.filter((a) => !a.override).map((a) => alertView(a, 'transcript')),
  ];
}

/** Scripts for a step that fit the case's type and channel, the best fitting first. */
export function scriptsFor(
  stepId: string | undefined,
  context: CaseContext,
  packs: Pack[],
): Script[] {
  if (!stepId) return [];
  const fits = (list: string[] | undefined, value: string | undefined) =>
    !list || list.length === 0 ? 1 : value !== undefined && list.includes(value) ? 2 : 0;
  return packs
    .flatMap((p) => p.scripts ?? [])
    .filter((s) => s.step === stepId)
    .map((s) => ({
      s,
      fit:
        fits(s.caseTypes, context.caseType) *
        fits(s.channels as string[] | undefined, context.channel),
    }))
    .filter((x) => x.fit > 0)
    .sort((a, b) => b.fit - a.fit)
    .map((x) => x.s);
}

/** Values for script variables: the case's fields, the agent's settings and the pack's institution. */
export function templateValues(
  context: CaseContext,
  settings: { agentId: string; agentName: string },
  packs: Pack[],
): Record<string, string | undefined> {
  return {
    ...context,
    institution: packs.find((p) => p.institution)?.institution,
    agentId: settings.agentId || context.agentId,
    agentName: settings.agentName || undefined,
  };
}
