import { caseActions } from '../../components/sidebar/caseActions.ts';
import { CasePanel } from '../../components/sidebar/CasePanel.tsx';
import { HelpPopover } from '../../components/sidebar/HelpPopover.tsx';
import { MyScores } from '../../components/sidebar/MyScores.tsx';
import { Prompts } from '../../components/sidebar/Prompts.tsx';
import { SearchBox } from '../../components/sidebar/SearchBox.tsx';
import { SearchResults } from '../../components/sidebar/SearchResults.tsx';
import { ShiftStart } from '../../components/sidebar/ShiftStart.tsx';
import { TopBar } from '../../components/sidebar/TopBar.tsx';
import { useCaseView } from '../../components/sidebar/useCaseView.ts';
import { useGapReport } from '../../components/sidebar/useGapReport.ts';
import { useInsertion } from '../../components/sidebar/useInsertion.ts';
import { useKnowledge, useSearch } from '../../components/sidebar/useKnowledge.ts';
import { usePageChrome } from '../../components/sidebar/usePageChrome.ts';
import { useShiftStart } from '../../components/sidebar/useShiftStart.ts';
import { useShortcuts } from '../../components/sidebar/useShortcuts.ts';
import { useSummary } from '../../components/sidebar/useSummary.ts';
import { useSuggestions } from '../../components/sidebar/useSuggestions.ts';
import { useTabId } from '../../components/sidebar/useTabId.ts';
import { useToast } from '../../components/sidebar/useToast.ts';
import { useTypeahead } from '../../components/sidebar/useTypeahead.ts';
import {
  LocaleContext,
  resolveLocale,
  translate,
  type Translate,
} from '../../components/shared/i18n.ts';
import {
  useAccepted,
  useCommitments,
  useSettings,
  useTabState,
} from '../../components/shared/queries.ts';
import { StorageFull } from '../../components/shared/StorageFull.tsx';

/** The sidebar: the case on its tab (`?tab=`, else the active one), with search and shortcuts. */
export function App({ boundTab }: { boundTab: number | undefined }) {
  const tabId = useTabId(boundTab);
  const settings = useSettings();
  const uiLocale = resolveLocale(settings.data?.language, navigator.language);
  const t: Translate = (key, ...subs) => translate(uiLocale, key, ...subs);
  usePageChrome(uiLocale, t('appTitle'), settings.data?.theme);
  const tab = useTabState(tabId);
  const state = tab.data ?? null;
  const knowledge = useKnowledge(state?.locale ?? uiLocale);
  const { packs } = knowledge;
  const engine = useSearch(state?.locale ?? uiLocale, packs);
  const accepted = useAccepted().data;
  const commitments = useCommitments().data ?? [];
  const shift = useShiftStart();
  const { toast, flash } = useToast();

  const { context, steps, current, alerts, unchecked } = useCaseView(state, packs);
  const typeahead = useTypeahead(engine, knowledge, context, accepted);
  const suggestions = useSuggestions(engine, knowledge, state, current, context, accepted);
  const { insert, ...insertion } = useInsertion(tabId, context, settings.data, packs, flash, t);
  const gaps = useGapReport(knowledge, typeahead.query, state?.context.caseId, flash, t);
  const actions = caseActions(tabId, flash, t);
  const summary = useSummary(tabId, state, packs, commitments, flash, t);
  const shortcuts = useShortcuts({
    typeahead,
    topScript: suggestions.stepScripts[0],
    current,
    insert,
    tick: actions.tick,
    draftSummary: () => summary.draft(),
  });

  return (
    <LocaleContext.Provider value={uiLocale}>
      <TopBar
        source={engine.source}
        sla={state?.session.sla}
        role={state?.session.role ?? settings.data?.role ?? 'agent'}
        help={shortcuts.help}
        onHelp={() => shortcuts.showHelp(!shortcuts.help)}
        onLanguage={actions.setLanguage}
      />
      {shortcuts.help && <HelpPopover onClose={() => shortcuts.showHelp(false)} />}
      {shift.show && (
        <ShiftStart packs={packs} shift={shift.shift} onStart={shift.start} onClose={shift.close} />
      )}
      <main>
        <SearchBox
          inputRef={shortcuts.searchRef}
          query={typeahead.query}
          onQuery={typeahead.type}
          onKeyDown={shortcuts.onSearchKey}
        />
        <StorageFull />
        <MyScores state={state} />
        <Prompts toast={toast} insertion={insertion} gaps={gaps} />
        {typeahead.query.trim() !== '' && (
          <SearchResults
            typeahead={typeahead}
            ready={engine.ready}
            onInsert={insert}
            onReport={gaps.report}
            onReportMissing={gaps.reportMissing}
          />
        )}
        <CasePanel
          tab={tab}
          state={state}
          alerts={alerts}
          unchecked={unchecked}
          steps={steps}
          suggestions={suggestions}
          commitments={commitments}
          actions={actions}
          summary={summary}
          onInsert={insert}
          onReport={gaps.report}
        />
      </main>
    </LocaleContext.Provider>
  );
}
