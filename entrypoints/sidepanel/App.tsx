import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AlertList } from '../../components/sidebar/AlertList.tsx';
import { CaseHeader } from '../../components/sidebar/CaseHeader.tsx';
import { Checklist } from '../../components/sidebar/Checklist.tsx';
import { HelpPopover } from '../../components/sidebar/HelpPopover.tsx';
import { SlaBadge } from '../../components/sidebar/SlaBadge.tsx';
import { SuggestionItem, type Suggestion } from '../../components/sidebar/SuggestionItem.tsx';
import { Transcript } from '../../components/sidebar/Transcript.tsx';
import { VariablesForm } from '../../components/sidebar/VariablesForm.tsx';
import { GapReport } from '../../components/sidebar/GapReport.tsx';
import { StorageFull } from '../../components/shared/StorageFull.tsx';
import {
  alertViews,
  scriptsFor,
  stepViews,
  templateValues,
} from '../../components/sidebar/caseView.ts';
import {
  LocaleContext,
  resolveLocale,
  savingFailure,
  translate,
  type MessageKey,
} from '../../components/shared/i18n.ts';
import {
  useAccepted,
  useCommitments,
  useSettings,
  useShift,
  useTabState,
} from '../../components/shared/queries.ts';
import { ShiftStart, isNewShift } from '../../components/sidebar/ShiftStart.tsx';
import { shiftItem } from '../../extension/storage.ts';
import { Commitments } from '../../components/sidebar/Commitments.tsx';
import { useKnowledge, useSearch } from '../../components/sidebar/useKnowledge.ts';
import { send } from '../../extension/messages.ts';
import { recordAccepted } from '../../extension/storage.ts';
import type { Hit } from '../../knowledge/search/search.ts';
import { fillTemplate, hasPlaceholder } from '../../knowledge/text/template.ts';

/** Follows the active tab of this window, unless the panel was opened for one tab (`?tab=`). */
function useTabId(boundTab: number | undefined): number | undefined {
  const [tabId, setTabId] = useState(boundTab);
  useEffect(() => {
    if (boundTab !== undefined) return;
    let alive = true;
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      if (alive && tab?.id !== undefined) setTabId(tab.id);
    });
    const onActivated = ({ tabId: id }: { tabId: number }) => setTabId(id);
    browser.tabs.onActivated.addListener(onActivated);
    return () => {
      alive = false;
      browser.tabs.onActivated.removeListener(onActivated);
    };
  }, [boundTab]);
  return tabId;
}

/** The message for a write the background could not make. */
const savingError = (error: 'storage-full' | 'failed' | undefined): MessageKey =>
  error === 'storage-full' ? 'storageFull' : 'saveFailed';

const bodyOf = (s: Suggestion) => (s.kind === 'script' ? s.item.text : s.item.answer);

const isTyping = (e: KeyboardEvent) =>
  e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);

export function App({ boundTab }: { boundTab: number | undefined }) {
  const tabId = useTabId(boundTab);
  const settings = useSettings();
  const uiLocale = resolveLocale(settings.data?.language, navigator.language);
  const t = (key: MessageKey, ...subs: (string | number)[]) => translate(uiLocale, key, ...subs);
  const tab = useTabState(tabId);
  const state = tab.data ?? null;
  const knowledge = useKnowledge(state?.locale ?? uiLocale);
  const { packs } = knowledge;
  const engine = useSearch(state?.locale ?? uiLocale, packs);
  const accepted = useAccepted().data;
  const commitments = useCommitments().data ?? [];
  const shift = useShift();
  const [shiftOpen, setShiftOpen] = useState(false);
  const showShift = shiftOpen || (shift.isSuccess && isNewShift(shift.data, Date.now()));

  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const [pending, setPending] = useState<{ raw: string; id: string; missing: string[] } | null>(
    null,
  );
  const [toast, setToast] = useState<{ text: string; ok: boolean } | null>(null);
  const [help, setHelp] = useState(false);
  const [gap, setGap] = useState<{ itemId?: string; itemTitle?: string; query?: string } | null>(
    null,
  );
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.documentElement.lang = uiLocale;
    document.title = t('appTitle');
  }, [uiLocale]);
  useEffect(() => {
    const theme = settings.data?.theme ?? 'auto';
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [settings.data?.theme]);

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

  const toSuggestion = (hit: Hit): Suggestion | null => {
    if (hit.kind === 'article') {
      const item = knowledge.articles.get(hit.id);
      return item ? { kind: 'article', item, text: hit.text, spans: hit.spans } : null;
    }
    const item = knowledge.scripts.get(hit.id);
    return item ? { kind: 'script', item, text: hit.text, spans: hit.spans } : null;
  };

  // Every keystroke asks the worker; only the answer to the latest query is shown.
  const [answer, setAnswer] = useState<{ query: string; items: Suggestion[] }>({
    query: '',
    items: [],
  });
  const results = answer.items;
  const latest = useRef('');
  // A layout effect: it runs as soon as the keystroke is rendered, not a frame later.
  useLayoutEffect(() => {
    latest.current = query;
    if (!engine.ready || !query.trim()) {
      setAnswer((a) => (a.query === query && a.items.length === 0 ? a : { query, items: [] }));
      return;
    }
    void engine.client
      .search(query, { limit: 8, context, accepted: accepted ?? {} })
      .then((hits) => {
        if (latest.current !== query) return;
        setAnswer({
          query,
          items: hits.map(toSuggestion).filter((x): x is Suggestion => x !== null),
        });
      });
  }, [engine.ready, query, context, accepted]);

  const stepScripts: Suggestion[] = useMemo(
    () =>
      scriptsFor(current, context, packs)
        .slice(0, 3)
        .map((item) => ({ kind: 'script' as const, item })),
    [current, context, packs],
  );
  const lastCustomer = state?.turns
    .filter((x) => x.speaker === 'customer')
    .slice(-2)
    .map((x) => x.text)
    .join(' ');
  const [articles, setArticles] = useState<Suggestion[]>([]);
  useEffect(() => {
    if (!engine.ready || !state) return;
    const options = {
      limit: 3,
      kind: 'article' as const,
      accepted: accepted ?? {},
      ...(lastCustomer ? { text: lastCustomer } : {}),
    };
    let alive = true;
    void engine.client.suggest(context, options).then((hits) => {
      if (alive) setArticles(hits.map(toSuggestion).filter((x): x is Suggestion => x !== null));
    });
    return () => {
      alive = false;
    };
  }, [engine.ready, context, lastCustomer, accepted]);

  const flash = (text: string, ok: boolean) => {
    setToast({ text, ok });
    setTimeout(() => setToast(null), 3000);
  };

  const deliver = async (text: string, id: string) => {
    if (tabId === undefined) return;
    if (hasPlaceholder(text)) return; // a raw {{placeholder}} never reaches the customer
    const result = await send('reply/insert', { tabId, text }).catch(() => ({
      ok: false as const,
      reason: 'failed' as const,
    }));
    if (result.ok) {
      void recordAccepted(id);
      flash(t('inserted'), true);
    } else {
      const key =
        result.reason === 'no-tab'
          ? 'insertFailed_noTab'
          : result.reason === 'no-reply-box'
            ? 'insertFailed_noReply'
            : 'insertFailed_failed';
      flash(t(key), false);
    }
  };

  const insert = (raw: string, id: string) => {
    const values = templateValues(context, settings.data ?? { agentId: '', agentName: '' }, packs);
    const filled = fillTemplate(raw, values);
    if (filled.missing.length > 0) setPending({ raw: filled.text, id, missing: filled.missing });
    else void deliver(filled.text, id);
  };

  const report = (id: string) => {
    const item = knowledge.articles.get(id) ?? knowledge.scripts.get(id);
    setGap({
      itemId: id,
      ...(item ? { itemTitle: item.title } : {}),
      ...(query.trim() ? { query: query.trim() } : {}),
    });
  };

  const sendGap = async (note: string) => {
    if (!gap) return;
    const caseId = state?.context.caseId;
    const result = await send('gap/report', {
      note,
      ...(gap.itemId ? { itemId: gap.itemId } : {}),
      ...(gap.query ? { query: gap.query } : {}),
      ...(caseId ? { caseId } : {}),
    }).catch(() => ({ saved: false, error: 'failed' as const }));
    setGap(null);
    flash(result.saved ? t('gapSent') : t(savingError(result.error)), result.saved);
  };

  const endCase = async () => {
    if (tabId === undefined) return;
    const result = await send('case/end', { tabId }).catch(() => ({
      saved: false,
      error: 'failed' as const,
    }));
    // A case only looked at leaves no record: that is not a failure.
    if (result.saved || !result.error)
      flash(t(result.saved ? 'caseEnded' : 'caseEndedNoRecord'), true);
    else flash(t(savingError(result.error)), false);
  };

  const tick = (stepId: string, done: boolean) => {
    if (tabId !== undefined) void send('session/tick', { tabId, stepId, done });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (
        (e.key === '/' && !isTyping(e)) ||
        (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey))
      ) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === '?' && !isTyping(e)) {
        setHelp((h) => !h);
      } else if (e.altKey && e.key === 'Enter') {
        e.preventDefault();
        const top = stepScripts[0];
        if (top) insert(bodyOf(top), top.item.id);
      } else if (e.altKey && e.code === 'KeyT') {
        e.preventDefault();
        if (current) tick(current, true);
      } else if (e.key === 'Escape') {
        setHelp(false);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  return (
    <LocaleContext.Provider value={uiLocale}>
      <header class="topbar" data-search-index={engine.source}>
        <h1>{t('appTitle')}</h1>
        <div class="topbar-tools">
          {state?.session.sla && <SlaBadge timer={state.session.sla} />}
          <span
            class="badge role"
            data-role={state?.session.role ?? settings.data?.role ?? 'agent'}
          >
            {t(`role_${state?.session.role ?? settings.data?.role ?? 'agent'}` as MessageKey)}
          </span>
          <select
            aria-label={t('language')}
            value={uiLocale}
            onChange={(e) =>
              void send('settings/set', {
                language: e.currentTarget.value as 'zh-CN' | 'en',
              }).catch((err: unknown) => flash(t(savingFailure(err)), false))
            }
          >
            <option value="zh-CN">中文</option>
            <option value="en">EN</option>
          </select>
          <button
            type="button"
            aria-label={t('help')}
            aria-expanded={help}
            onClick={() => setHelp(!help)}
          >
            ?
          </button>
        </div>
      </header>
      {help && <HelpPopover onClose={() => setHelp(false)} />}
      {showShift && (
        <ShiftStart
          packs={packs}
          shift={shift.data ?? null}
          onStart={(next) => {
            void shiftItem.setValue(next);
            setShiftOpen(false);
          }}
          onClose={() => setShiftOpen(false)}
        />
      )}
      <main>
        <div class="search" role="search">
          <label class="visually-hidden" for="search">
            {t('searchLabel')}
          </label>
          <input
            id="search"
            ref={searchRef}
            type="search"
            autoComplete="off"
            placeholder={t('searchPlaceholder')}
            value={query}
            aria-describedby="search-hint"
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setSelected(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setSelected((i) => Math.min(i + 1, results.length - 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setSelected((i) => Math.max(i - 1, 0));
              } else if (e.key === 'Enter' && !e.isComposing) {
                const hit = results[selected];
                if (hit) {
                  e.preventDefault();
                  insert(bodyOf(hit), hit.item.id);
                }
              } else if (e.key === 'Escape') {
                setQuery('');
              }
            }}
          />
          <span id="search-hint" class="visually-hidden">
            {t('searchHint')}
          </span>
        </div>
        <StorageFull />
        {toast && (
          <p class={`toast ${toast.ok ? 'ok' : 'error'}`} role="status">
            {toast.text}
          </p>
        )}
        {pending && (
          <VariablesForm
            missing={pending.missing}
            onCancel={() => setPending(null)}
            onDone={(values) => {
              const filled = fillTemplate(pending.raw, values);
              setPending(null);
              void deliver(filled.text, pending.id);
            }}
          />
        )}
        {gap && (
          <GapReport
            {...(gap.itemTitle ? { itemTitle: gap.itemTitle } : {})}
            {...(gap.query ? { query: gap.query } : {})}
            onSend={(note) => void sendGap(note)}
            onClose={() => setGap(null)}
          />
        )}
        {query.trim() !== '' && (
          <section class="card" aria-labelledby="results-title" data-query={answer.query}>
            <h2 id="results-title">{t('searchResults')}</h2>
            {results.length === 0 && answer.query === query && engine.ready ? (
              <p class="muted">{t('searchNoResults')}</p>
            ) : null}
            {results.length > 0 && (
              <ul id="search-results" class="suggestions">
                {results.map((s, i) => (
                  <SuggestionItem
                    key={s.item.id}
                    suggestion={s}
                    selected={i === selected}
                    onInsert={insert}
                    onReport={report}
                  />
                ))}
              </ul>
            )}
            <button
              type="button"
              class="link small"
              onClick={() => setGap({ query: query.trim() })}
            >
              {t('gapReportMissing')}
            </button>
          </section>
        )}
        {tab.isError ? (
          <p class="card" role="status">
            {t('extensionError')}
          </p>
        ) : !state ? (
          <div class="card" role="status">
            <p>{tab.isLoading ? t('loading') : t('noCase')}</p>
            <p class="muted small">{t('noCaseHint')}</p>
          </div>
        ) : (
          <>
            <AlertList
              alerts={alerts}
              onOverride={(alertId, reason) => {
                if (tabId !== undefined) void send('session/override', { tabId, alertId, reason });
              }}
              onUseAlternative={(text) => insert(text, 'alternative')}
            />
            <Checklist steps={steps} onToggle={tick} />
            <section class="card" aria-labelledby="suggest-title">
              <h2 id="suggest-title">{t('sectionSuggestions')}</h2>
              {stepScripts.length === 0 && articles.length === 0 && (
                <p class="muted">{t('noSuggestions')}</p>
              )}
              <ul class="suggestions">
                {stepScripts.map((s) => (
                  <SuggestionItem key={s.item.id} suggestion={s} onInsert={insert} />
                ))}
                {articles.map((s) => (
                  <SuggestionItem
                    key={s.item.id}
                    suggestion={s}
                    onInsert={insert}
                    onReport={report}
                  />
                ))}
              </ul>
            </section>
            <Commitments
              list={commitments}
              caseId={state.context.caseId}
              customer={state.context.customerName}
              onSettle={(id, status) => void send('commitment/settle', { id, status })}
              onAdd={(c) => void send('commitment/add', c)}
            />
            <CaseHeader fields={state.fields} profileName={state.profileName} />
            <p class="end-case">
              <button type="button" onClick={() => void endCase()}>
                {t('endCase')}
              </button>
            </p>
            <Transcript turns={state.turns} />
          </>
        )}
      </main>
    </LocaleContext.Provider>
  );
}
