/** What the sidebar shows, independent of how the engines keep their state. */

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
  severity: string;
  title: string;
  /** The words that raised it. */
  matched: string;
  basis?: { law: string; article: string; text?: string };
  alternative?: string;
  explanation?: string;
  /** `draft`: the reply being typed; `transcript`: something already sent. */
  source: 'draft' | 'transcript';
  overridden?: { reason: string; at: number };
}

export const SEVERITY_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Most severe first; the draft's alerts before the transcript's at equal severity. */
export function sortAlerts(alerts: AlertView[]): AlertView[] {
  return [...alerts].sort(
    (a, b) =>
      (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) ||
      (a.source === b.source ? 0 : a.source === 'draft' ? -1 : 1),
  );
}
