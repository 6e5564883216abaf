/**
 * The trainers' Rules tab: the compliance rules in force for a language, in order of
 * precedence, with their basis, wording, phrases and example sentences; a tester that checks
 * a sentence against them; example sentences added on this machine (written by the background,
 * exported in pack form); and the alerts agents dismissed, each one click from an ok example.
 */
import { useQueryClient } from '@tanstack/preact-query';
import { useMemo, useState } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import type { GuardRule, Pack, RoleDef } from '../../knowledge/authoring/pack.ts';
import { packsInForce } from '../../knowledge/authoring/pack-set.ts';
import {
  examplesAsPackRules,
  withLocalExamples,
  type ExampleKind,
  type LocalExamples,
} from '../../knowledge/authoring/rule-examples.ts';
import { compileGuard } from '../../knowledge/rules/guard.ts';
import { LOCALES, type Locale } from '../../knowledge/types.ts';
import { savingFailure, useT, type MessageKey } from '../shared/i18n.ts';
import { usePackEntries } from '../shared/packs.ts';
import { keys, useRuleExamples } from '../shared/queries.ts';
import { DismissedAlerts } from './DismissedAlerts.tsx';
import { downloadText, today } from './download.ts';
import { RuleCard } from './RuleCard.tsx';
import { RuleTester } from './RuleTester.tsx';

/** A rule in force and the pack it comes from: the first pack that has its id. */
export interface RuleInForce {
  rule: GuardRule;
  packId: string;
}

/** The rules the guard compiles from a pack set, in its order (earlier packs win). */
export function rulesInForce(packs: Pack[]): RuleInForce[] {
  const seen = new Set<string>();
  const out: RuleInForce[] = [];
  for (const pack of packs)
    for (const rule of pack.rules ?? [])
      if (!seen.has(rule.id)) {
        seen.add(rule.id);
        out.push({ rule, packId: pack.id });
      }
  return out;
}

/** The roles of a pack set, the first definition of an id winning (as the guard reads them). */
export function rolesInForce(packs: Pack[]): RoleDef[] {
  const byId = new Map<string, RoleDef>();
  for (const pack of packs)
    for (const r of pack.roles ?? []) if (!byId.has(r.id)) byId.set(r.id, r);
  return [...byId.values()];
}

const NO_EXAMPLES = { flag: [], ok: [] };
/** One empty value, so the memos below do not recompile the guard on every render. */
const NO_LOCAL: LocalExamples = {};
const LANGUAGE_LABEL: Record<Locale, MessageKey> = {
  'zh-CN': 'packLanguage_zh',
  en: 'packLanguage_en',
};

/** Adds and removes local examples through the background; the item's watch updates the page. */
function useExampleWriter() {
  const client = useQueryClient();
  const [failed, setFailed] = useState<MessageKey | undefined>();
  const write = async (
    type: 'examples/add' | 'examples/remove',
    ruleId: string,
    kind: ExampleKind,
    text: string,
  ) => {
    try {
      await send(type, { ruleId, kind, text });
      setFailed(undefined);
      await client.invalidateQueries({ queryKey: keys.ruleExamples });
      return true;
    } catch (e) {
      setFailed(savingFailure(e));
      return false;
    }
  };
  return { failed, write };
}

/** The packs in force for a language, with the local examples, and what the tab shows of them. */
function useRulesInForce(language: Locale) {
  const entries = usePackEntries('background').data;
  const local: LocalExamples = useRuleExamples().data ?? NO_LOCAL;
  const base = useMemo(() => (entries ? packsInForce(entries, language) : []), [entries, language]);
  const applied = useMemo(() => withLocalExamples(base, local), [base, local]);
  const guard = useMemo(() => compileGuard(applied.packs), [applied.packs]);
  const rules = useMemo(() => rulesInForce(base), [base]);
  const roles = useMemo(() => rolesInForce(base), [base]);
  // Local examples no enabled pack of any language has a rule for.
  const unknown = useMemo(() => {
    const all = (entries ?? []).filter((e) => e.enabled).map((e) => e.pack);
    return withLocalExamples(all, local).unknown;
  }, [entries, local]);
  // Every example of the rules as in force (pack and local), by rule.
  const examples = useMemo(() => {
    const m: LocalExamples = {};
    for (const { rule } of rulesInForce(applied.packs))
      m[rule.id] = { flag: rule.examples?.flag ?? [], ok: rule.examples?.ok ?? [] };
    return m;
  }, [applied.packs]);
  return { local, guard, rules, roles, unknown, examples };
}

export function RulesPanel() {
  const { t, locale } = useT();
  const [language, setLanguage] = useState<Locale>(locale);
  const [only, setOnly] = useState<string | undefined>();
  const [focusKey, setFocusKey] = useState(0);
  const { local, guard, rules, roles, unknown, examples } = useRulesInForce(language);
  const { failed, write } = useExampleWriter();
  return (
    <div class="rules" data-panel="rules">
      <p class="small muted">{t('rulesIntro')}</p>
      <Toolbar
        language={language}
        onLanguage={(l) => {
          setLanguage(l);
          setOnly(undefined);
        }}
        local={local}
      />
      {failed && (
        <p role="alert" class="error" data-alert="save-failed">
          {t(failed)}
        </p>
      )}
      {unknown.length > 0 && (
        <p class="small warn" data-note="unknown-rules">
          {t('rulesUnknown', unknown.join(', '))}
        </p>
      )}
      <RuleTester
        key={language}
        guard={guard}
        roles={roles}
        rules={rules.map((r) => r.rule)}
        only={only}
        onOnly={setOnly}
        focusKey={focusKey}
      />
      <section data-section="rules" aria-label={t('tabRules')}>
        <h2>{t('rulesCount', rules.length)}</h2>
        {rules.map(({ rule, packId }) => (
          <RuleCard
            key={rule.id}
            rule={rule}
            packId={packId}
            roles={roles}
            local={local[rule.id] ?? NO_EXAMPLES}
            onAdd={(kind, text) => write('examples/add', rule.id, kind, text)}
            onRemove={(kind, text) => void write('examples/remove', rule.id, kind, text)}
            onTest={() => {
              setOnly(rule.id);
              setFocusKey((k) => k + 1);
            }}
          />
        ))}
      </section>
      <DismissedAlerts
        rules={rules.map((r) => r.rule)}
        examples={examples}
        onAddOk={(ruleId, text) => void write('examples/add', ruleId, 'ok', text)}
      />
    </div>
  );
}

/** The language whose rules are shown, and the export of the local examples in pack form. */
function Toolbar({
  language,
  onLanguage,
  local,
}: {
  language: Locale;
  onLanguage: (l: Locale) => void;
  local: LocalExamples;
}) {
  const { t } = useT();
  const count = Object.values(local).reduce((n, x) => n + x.flag.length + x.ok.length, 0);
  return (
    <div class="row">
      <label>
        <span class="small">{t('rulesLanguage')}</span>{' '}
        <select
          name="rules-language"
          value={language}
          onChange={(e) => onLanguage(e.currentTarget.value as Locale)}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {t(LANGUAGE_LABEL[l])}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-action="export-examples"
        disabled={count === 0}
        onClick={() =>
          downloadText(
            `rule-examples-${today()}.json`,
            JSON.stringify(examplesAsPackRules(local), null, 2),
            'application/json',
          )
        }
      >
        {t('rulesExport')} ({count})
      </button>
    </div>
  );
}
