/** What the sidebar shows, independent of how the engines keep their state. */
import { SEVERITY_ORDER } from '../../knowledge/rules/guard.ts';
import type { Severity } from '../../knowledge/types.ts';

export interface StepView {
  id: string;
  title: string;
  hint?: string;
  parent?: string;
  done: boolean;
  /** How it was ticked. */
  how?: 'auto' | 'manual';
  /** Index of the transcript turn that ticked it. */
  turn?: number;
  at?: number;
  /** The step the agent should do next. */
  current: boolean;
}

export interface AlertView {
  id: string;
  kind: string;
  severity: Severity;
  title: string;
  /** The words that raised it. */
  matched: string;
  basis?: { law: string; article: string; text?: string };
  alternative?: string;
  explanation?: string;
  /** The example sentence of the rule this alert resembles (rules that generalise from examples). */
  example?: { text: string; similarity: number };
  /** `draft`: the reply being typed; `transcript`: something already sent. */
  source: 'draft' | 'transcript';
  overridden?: { reason: string; at: number };
}

/** In the guard's severity order; the draft's alerts before the transcript's at equal severity. */
export function sortAlerts(alerts: AlertView[]): AlertView[] {
  return [...alerts].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.source === b.source ? 0 : a.source === 'draft' ? -1 : 1),
  );
}
