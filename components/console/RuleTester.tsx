/**
 * The rules tester: a sentence checked by the guard of the packs in force (with the examples
 * added on this machine) as an agent of the chosen role would send it, live as it is typed.
 * Each alert shows the rule, the words that raised it marked in the sentence, the example it
 * resembles and what to say instead. Everything runs on this page: no message, no storage.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { GuardRule, RoleDef } from '../../knowledge/authoring/pack.ts';
import { checkText, type CompiledGuard, type GuardAlert } from '../../knowledge/rules/guard.ts';
import { translateOr, useT } from '../shared/i18n.ts';

/** How long typing pauses before the sentence is checked. */
const DEBOUNCE_MS = 250;

export interface RuleTesterProps {
  guard: CompiledGuard;
  roles: RoleDef[];
  rules: GuardRule[];
  /** One rule to check alone (from its "Test this rule"), or every rule. */
  only: string | undefined;
  onOnly: (ruleId: string | undefined) => void;
  /** Set to focus the sentence box (a rule's "Test this rule" was pressed). */
  focusKey: number;
}

export function RuleTester({ guard, roles, rules, only, onOnly, focusKey }: RuleTesterProps) {
  const { t, locale } = useT();
  const [text, setText] = useState('');
  const [checked, setChecked] = useState('');
  const [role, setRole] = useState(roles[0]?.id ?? 'agent');
  useEffect(() => {
    const timer = setTimeout(() => setChecked(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    if (focusKey === 0) return;
    const box = document.querySelector<HTMLTextAreaElement>('textarea[name="tester-text"]');
    box?.scrollIntoView({ block: 'center' });
    box?.focus();
  }, [focusKey]);
  const alerts = useMemo(
    () =>
      // A rule that depends on the customer is tested on its words, as if the case met it.
      checkText(guard, checked, role, { assumeContext: true }).filter(
        (a) => !only || a.ruleId === only,
      ),
    [guard, checked, role, only],
  );
  const roleIds = roles.length > 0 ? roles : [{ id: 'agent', name: 'agent', authorities: [] }];
  return (
    <section class="tester" data-section="tester" aria-label={t('rulesTester')}>
      <h2>{t('rulesTester')}</h2>
      <label class="block">
        <span class="small">{t('rulesTesterText')}</span>
        <textarea
          name="tester-text"
          rows={3}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <label>
          <span class="small">{t('rulesTesterRole')}</span>{' '}
          <select name="tester-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            {roleIds.map((r) => (
              <option key={r.id} value={r.id}>
                {translateOr(locale, `role_${r.id}`, r.name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="small">{t('rulesTesterRule')}</span>{' '}
          <select
            name="tester-rule"
            value={only ?? ''}
            onChange={(e) => onOnly(e.currentTarget.value || undefined)}
          >
            <option value="">{t('rulesTesterAll')}</option>
            {rules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title} ({r.id})
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-action="check" onClick={() => setChecked(text)}>
          {t('rulesCheck')}
        </button>
      </div>
      <div role="status" data-result="tester">
        {checked.trim() !== '' && <Results text={checked} alerts={alerts} />}
      </div>
    </section>
  );
}

function Results({ text, alerts }: { text: string; alerts: GuardAlert[] }) {
  const { t } = useT();
  if (alerts.length === 0)
    return (
      <p class="ok" data-result="no-alert">
        {t('rulesNoAlert')}
      </p>
    );
  return (
    <ul class="tester-alerts" data-list="tester-alerts">
      {alerts.map((a) => (
        <TesterAlert key={a.ruleId} text={text} alert={a} />
      ))}
    </ul>
  );
}

function TesterAlert({ text, alert }: { text: string; alert: GuardAlert }) {
  const { t, locale } = useT();
  return (
    <li class={`tester-alert sev-${alert.severity}`} data-alert-rule={alert.ruleId}>
      <div>
        <strong>{alert.title}</strong>{' '}
        <span class="badge">{translateOr(locale, `alertKind_${alert.kind}`, alert.kind)}</span>{' '}
        <span class="small muted">{alert.ruleId}</span>
      </div>
      <div data-field="sentence">
        {t('rulesMatched')}: {text.slice(0, alert.start)}
        <mark>{text.slice(alert.start, alert.end)}</mark>
        {text.slice(alert.end)}
      </div>
      {alert.example && (
        <div class="small" data-field="example">
          {t('rulesResembles', `${Math.round(alert.example.similarity * 100)}%`)}{' '}
          <q>{alert.example.text}</q>
        </div>
      )}
      <div class="small" data-field="alternative">
        {t('rulesAlternative')}: {alert.alternative}
      </div>
    </li>
  );
}
