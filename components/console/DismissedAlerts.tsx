/**
 * Alerts agents dismissed (overrides recorded in this browser's case records), grouped by
 * rule, newest first, with the reason and the words that raised them: a trainer turns a false
 * alarm into an ok example of its rule. A record keeps the matched words (masked), not the
 * whole sentence, so those words are what becomes the example.
 */
import { useQuery } from '@tanstack/preact-query';
import { useMemo } from 'preact/hooks';
import { send } from '../../extension/messages.ts';
import type { GuardRule } from '../../knowledge/authoring/pack.ts';
import { cleanExample, type LocalExamples } from '../../knowledge/authoring/rule-examples.ts';
import type { CaseRecord } from '../../knowledge/records/records.ts';
import { useT } from '../shared/i18n.ts';
import { keys } from '../shared/queries.ts';

/** The most dismissals listed per rule. */
const PER_RULE = 20;

/** One dismissed text of a rule: the latest reason, how often, when last. */
export interface Dismissal {
  text: string;
  reason: string;
  at: number;
  count: number;
}

/** The dismissed alerts of the given rules, by rule, newest first, the same text once. */
export function dismissalsByRule(
  records: CaseRecord[],
  ruleIds: ReadonlySet<string>,
): Map<string, Dismissal[]> {
  const byRule = new Map<string, Map<string, Dismissal>>();
  for (const r of records)
    for (const a of r.alerts) {
      if (!a.override || !ruleIds.has(a.ruleId)) continue;
      const text = cleanExample(a.match);
      if (!text) continue;
      const seen = byRule.get(a.ruleId) ?? new Map<string, Dismissal>();
      byRule.set(a.ruleId, seen);
      const d = seen.get(text);
      if (!d) seen.set(text, { text, reason: a.override.reason, at: a.override.at, count: 1 });
      else {
        d.count++;
        if (a.override.at > d.at)
          Object.assign(d, { reason: a.override.reason, at: a.override.at });
      }
    }
  const out = new Map<string, Dismissal[]>();
  for (const [id, seen] of byRule)
    out.set(id, [...seen.values()].sort((x, y) => y.at - x.at).slice(0, PER_RULE));
  return new Map([...out].sort((x, y) => y[1][0]!.at - x[1][0]!.at));
}

export function DismissedAlerts({
  rules,
  examples,
  onAddOk,
}: {
  rules: GuardRule[];
  /** The rules' examples as in force (pack and local), to tell what is an example already. */
  examples: LocalExamples;
  onAddOk: (ruleId: string, text: string) => void;
}) {
  const { t, locale } = useT();
  const records = useQuery({
    queryKey: keys.records,
    queryFn: () => send('records/list', {}),
    staleTime: 0,
  });
  const titles = useMemo(() => new Map(rules.map((r) => [r.id, r.title])), [rules]);
  const groups = useMemo(
    () => dismissalsByRule(records.data ?? [], new Set(titles.keys())),
    [records.data, titles],
  );
  const when = (at: number) => new Date(at).toLocaleString(locale);
  return (
    <section data-section="dismissed" aria-label={t('rulesDismissed')}>
      <h2>{t('rulesDismissed')}</h2>
      <p class="small muted">{t('rulesDismissedIntro')}</p>
      {groups.size === 0 && <p class="muted">{t('rulesDismissedNone')}</p>}
      {[...groups].map(([ruleId, list]) => (
        <div key={ruleId} class="dismissed" data-dismissed-rule={ruleId}>
          <h3>
            {titles.get(ruleId)} <span class="small muted">{ruleId}</span>
          </h3>
          <ul>
            {list.map((d) => {
              const known = (examples[ruleId]?.ok ?? []).includes(d.text);
              return (
                <li key={d.text} data-dismissed={d.text}>
                  <div>
                    {t('rulesDismissedText')}: <mark>{d.text}</mark>{' '}
                    {d.count > 1 && <span class="badge">{t('rulesDismissedCount', d.count)}</span>}
                  </div>
                  <div class="small">
                    {t('rulesReason')}: {d.reason} <span class="muted">· {when(d.at)}</span>
                  </div>
                  <button
                    type="button"
                    data-action="add-ok"
                    disabled={known}
                    onClick={() => onAddOk(ruleId, d.text)}
                  >
                    {t(known ? 'rulesIsExample' : 'rulesAddAsOk')}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}
