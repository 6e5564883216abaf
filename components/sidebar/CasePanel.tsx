import type { Commitment } from '../../knowledge/case/commitments.ts';
import type { UncheckedRule, UsedItem } from '../../knowledge/case/session.ts';
import type { TabState } from '../../knowledge/case/tab.ts';
import { useT } from '../shared/i18n.ts';
import { AlertList } from './AlertList.tsx';
import { CaseHeader } from './CaseHeader.tsx';
import type { CaseActions } from './caseActions.ts';
import { Checklist } from './Checklist.tsx';
import { Commitments } from './Commitments.tsx';
import { ContextChecks } from './ContextChecks.tsx';
import { SuggestionList } from './SuggestionList.tsx';
import { SummaryPanel } from './SummaryPanel.tsx';
import type { Summary } from './useSummary.ts';
import { Transcript } from './Transcript.tsx';
import type { Suggestions } from './useSuggestions.ts';
import type { AlertView, StepView } from './views.ts';

/** The case on the sidebar's tab: alerts, checklist, suggestions, commitments, fields, transcript. */
export function CasePanel({
  tab,
  state,
  alerts,
  unchecked,
  steps,
  suggestions,
  commitments,
  actions,
  summary,
  onInsert,
  onReport,
}: {
  tab: { isError: boolean; isLoading: boolean };
  state: TabState | null;
  alerts: AlertView[];
  unchecked: UncheckedRule[];
  steps: StepView[];
  suggestions: Suggestions;
  commitments: Commitment[];
  actions: CaseActions;
  summary: Summary;
  onInsert: (text: string, id: string, used?: UsedItem) => void;
  onReport: (id: string) => void;
}) {
  const { t } = useT();
  if (tab.isError)
    return (
      <p class="card" role="status">
        {t('extensionError')}
      </p>
    );
  if (!state)
    return (
      <div class="card" role="status">
        <p>{tab.isLoading ? t('loading') : t('noCase')}</p>
        <p class="muted small">{t('noCaseHint')}</p>
      </div>
    );
  return (
    <>
      <AlertList
        alerts={alerts}
        onOverride={actions.override}
        onUseAlternative={(text) => onInsert(text, 'alternative')}
      />
      <ContextChecks unchecked={unchecked} />
      <Checklist steps={steps} onToggle={actions.tick} />
      <SuggestionList suggestions={suggestions} onInsert={onInsert} onReport={onReport} />
      <Commitments
        list={commitments}
        caseId={state.context.caseId}
        customer={state.context.customerName}
        onSettle={actions.settleCommitment}
        onAdd={actions.addCommitment}
      />
      <CaseHeader fields={state.fields} profileName={state.profileName} language={state.language} />
      <SummaryPanel summary={summary} onEnd={() => void actions.endCase()} />
      <p class="end-case">
        <button
          type="button"
          onClick={() => {
            // The ticket is the after-call work agents skip: ending first offers its summary.
            const recordOpen = steps.some((s) => s.id === 'record' && !s.done);
            if (recordOpen && summary.text === null) summary.draft(true);
            else void actions.endCase();
          }}
        >
          {t('endCase')}
        </button>
      </p>
      <Transcript turns={state.turns} />
    </>
  );
}
