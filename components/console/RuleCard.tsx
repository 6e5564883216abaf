/**
 * One compliance rule in the console's Rules tab: what it is, who may say it, its legal basis
 * and compliant wording, its phrases and example sentences (the pack's and those added on this
 * machine, which can be removed), a form to add an example, and a button to test it.
 */
import { useState } from 'preact/hooks';
import type { GuardRule, RoleDef } from '../../knowledge/authoring/pack.ts';
import type { ExampleKind, ExampleLists } from '../../knowledge/authoring/rule-examples.ts';
import { translateOr, useT } from '../shared/i18n.ts';
import { fieldsNeeded } from '../../knowledge/rules/context.ts';

export interface RuleCardProps {
  rule: GuardRule;
  /** The pack the rule comes from (the first that has it). */
  packId: string;
  roles: RoleDef[];
  /** The examples added on this machine. */
  local: ExampleLists;
  onAdd: (kind: ExampleKind, text: string) => Promise<boolean>;
  onRemove: (kind: ExampleKind, text: string) => void;
  onTest: () => void;
}

const KINDS: ExampleKind[] = ['flag', 'ok'];

export function RuleCard({ rule, packId, roles, local, onAdd, onRemove, onTest }: RuleCardProps) {
  const { t, locale } = useT();
  const own = (rule.examples?.flag?.length ?? 0) + (rule.examples?.ok?.length ?? 0);
  const added = local.flag.length + local.ok.length;
  return (
    <details class="rule" data-rule={rule.id}>
      <summary>
        <strong data-field="title">{rule.title}</strong> <span class="small muted">{rule.id}</span>{' '}
        <span class={`badge sev-${rule.severity}`}>
          {translateOr(locale, `severity_${rule.severity}`, rule.severity)}
        </span>{' '}
        <span class="badge" data-field="examples-count">
          {t('rulesExamplesCount', own + added)}
        </span>
        {added > 0 && (
          <>
            {' '}
            <span class="badge added">{t('rulesLocalCount', added)}</span>
          </>
        )}
      </summary>
      <RuleFacts rule={rule} packId={packId} roles={roles} />
      {KINDS.map((kind) => (
        <ExampleList
          key={kind}
          kind={kind}
          own={rule.examples?.[kind] ?? []}
          local={local[kind]}
          onRemove={(text) => onRemove(kind, text)}
        />
      ))}
      <AddExample onAdd={onAdd} />
      <p>
        <button type="button" data-action="test-rule" onClick={onTest}>
          {t('rulesTestRule')}
        </button>
      </p>
    </details>
  );
}

/** Who holds the rule's authority, from the roles of the packs; nobody when it names none. */
function holders(rule: GuardRule, roles: RoleDef[], locale: Parameters<typeof translateOr>[0]) {
  if (!rule.authority) return [];
  return roles
    .filter((r) => r.authorities.includes(rule.authority!))
    .map((r) => translateOr(locale, `role_${r.id}`, r.name));
}

function RuleFacts({ rule, packId, roles }: { rule: GuardRule; packId: string; roles: RoleDef[] }) {
  const { t, locale } = useT();
  const who = holders(rule, roles, locale);
  return (
    <dl class="rule-facts">
      <dt>{t('rulesId')}</dt>
      <dd>
        <code>{rule.id}</code> <span class="small muted">({packId})</span>
      </dd>
      <dt>{t('rulesKind')}</dt>
      <dd data-field="kind">{translateOr(locale, `alertKind_${rule.kind}`, rule.kind)}</dd>
      <dt>{t('rulesSeverity')}</dt>
      <dd>{translateOr(locale, `severity_${rule.severity}`, rule.severity)}</dd>
      <dt>{t('rulesAuthority')}</dt>
      <dd data-field="authority">
        {who.length > 0 ? who.join(', ') : t('rulesAuthorityNobody')}
        {rule.authority && <span class="small muted"> ({rule.authority})</span>}
      </dd>
      {rule.when && (
        <>
          <dt>{t('rulesNeedsFields')}</dt>
          <dd data-field="needs">
            {fieldsNeeded(rule.when)
              .map((f) => translateOr(locale, `field_${f}`, f))
              .join(t('listSeparator'))}
            <div class="small muted">{t('rulesNeedsFieldsHint')}</div>
          </dd>
        </>
      )}
      <dt>{t('rulesBasis')}</dt>
      <dd data-field="basis">
        {rule.basis.law} {rule.basis.article}
        {rule.basis.text && <div class="small muted">{rule.basis.text}</div>}
      </dd>
      <dt>{t('rulesAlternative')}</dt>
      <dd data-field="alternative">{rule.alternative}</dd>
      <dt>{t('rulesPhrases')}</dt>
      <dd data-field="phrases">
        {(rule.phrases ?? []).length === 0 ? (
          t('rulesNone')
        ) : (
          <ul class="phrases">
            {rule.phrases!.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

function ExampleList({
  kind,
  own,
  local,
  onRemove,
}: {
  kind: ExampleKind;
  own: string[];
  local: string[];
  onRemove: (text: string) => void;
}) {
  const { t } = useT();
  const mine = new Set(own);
  const extra = local.filter((x) => !mine.has(x));
  return (
    <section class="examples">
      <h4>
        {t(kind === 'flag' ? 'rulesFlagExamples' : 'rulesOkExamples')} ({own.length + extra.length})
      </h4>
      {own.length + extra.length === 0 ? (
        <p class="small muted">{t('rulesNone')}</p>
      ) : (
        <ul data-examples={kind}>
          {own.map((x) => (
            <li key={`p:${x}`}>{x}</li>
          ))}
          {extra.map((x) => (
            <li key={`l:${x}`} data-local="true">
              <span data-field="text">{x}</span> <span class="badge added">{t('rulesLocal')}</span>{' '}
              <button type="button" data-action="remove-example" onClick={() => onRemove(x)}>
                {t('rulesRemove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AddExample({ onAdd }: { onAdd: (kind: ExampleKind, text: string) => Promise<boolean> }) {
  const { t } = useT();
  const [kind, setKind] = useState<ExampleKind>('ok');
  const [text, setText] = useState('');
  return (
    <form
      class="row add-example"
      data-form="add-example"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        void onAdd(kind, text).then((ok) => ok && setText(''));
      }}
    >
      <label>
        <span class="small">{t('rulesExampleText')}</span>
        <input
          name="example-text"
          value={text}
          maxLength={1000}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <select
        name="example-kind"
        aria-label={t('rulesKind')}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as ExampleKind)}
      >
        <option value="flag">{t('rulesKindFlag')}</option>
        <option value="ok">{t('rulesKindOk')}</option>
      </select>
      <button type="submit" data-action="add-example" disabled={!text.trim()}>
        {t('rulesAddExample')}
      </button>
    </form>
  );
}
