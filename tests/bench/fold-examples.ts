/**
 * `npx tsx tests/bench/fold-examples.ts --utterances U.csv [--utterances V.csv ...]`: adds an
 * opened batch of labelled utterances (the guard bench's format) to the default packs as rule
 * examples, so the learned model and the nearest-neighbour space learn from them.
 *
 * A flag sentence goes to the rule the patterns and combos raise on it, else to the rule of its
 * nearest flag example; an ok sentence goes to the rule of its nearest flag example (the near
 * miss it is). A lead's ok sentence is left out: it is ok only because the lead holds the
 * authority, and an agent saying it must still be flagged. Sentences a rule already holds are
 * skipped. Only batches whose blind score was reported may be folded in: a sealed batch never.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESEMBLANCE, checkText, compileGuard } from '../../knowledge/rules/guard.ts';
import { closestExample, features, type ExampleSpace } from '../../knowledge/rules/examples.ts';
import { prepare } from '../../knowledge/rules/patterns.ts';
import type { Pack } from '../../knowledge/authoring/pack.ts';
import { SCORED, packLocale, readUtterances } from './guard.ts';

const PACK_DIR = join(import.meta.dirname, '../../knowledge/packs');

/** The rule whose flag example is nearest to the text, if any resembles it at all. */
function nearestRule(
  space: ExampleSpace,
  pack: Pack,
  text: string,
  lexicon: Parameters<typeof prepare>[1] | null,
): string | undefined {
  const feats = features(prepare(text, lexicon ?? undefined).text);
  let best: { ruleId: string; similarity: number } | undefined;
  for (const rule of pack.rules ?? []) {
    const m = closestExample(space, feats, rule.id);
    if (m && m.similarity >= RESEMBLANCE && m.similarity > (best?.similarity ?? 0))
      best = { ruleId: rule.id, similarity: m.similarity };
  }
  return best?.ruleId;
}

function main(args: string[]): void {
  const files = args.flatMap((a, i) => (args[i - 1] === '--utterances' ? [a] : []));
  if (files.length === 0) throw new Error('usage: fold-examples.ts --utterances U.csv [...]');
  if (files.some((f) => f.includes('/sealed/'))) throw new Error('a sealed batch is not folded in');
  const rows = files
    .flatMap(readUtterances)
    .map((u) => ({ ...u, lang: packLocale(u.lang), text: u.text.trim() }))
    .filter((r) => r.text !== '');
  for (const file of readdirSync(PACK_DIR).sort()) {
    const path = join(PACK_DIR, file);
    const pack = JSON.parse(readFileSync(path, 'utf8')) as Pack;
    if (!pack.rules?.length) continue;
    // Rules only, without the learned model: a sentence is filed by what the trainer wrote.
    const plain = { ...pack, guard: { ...pack.guard, learnedThreshold: 1 } };
    const guard = compileGuard([plain]);
    const scope = guard.rules[0]!.scope;
    const byId = new Map(pack.rules.map((r) => [r.id, r]));
    let added = 0;
    let unplaced = 0;
    for (const row of rows.filter((r) => r.lang === pack.locale)) {
      if (!row.flag && row.role !== 'agent') continue;
      let ruleId = row.flag
        ? checkText(guard, row.text, row.role, { kinds: SCORED })[0]?.ruleId
        : undefined;
      if (!ruleId && scope.examples)
        ruleId = nearestRule(scope.examples, pack, row.text, scope.lexicon);
      const rule = ruleId ? byId.get(ruleId) : undefined;
      if (!rule) {
        unplaced++;
        continue;
      }
      const examples = (rule.examples ??= {});
      const list = (examples[row.flag ? 'flag' : 'ok'] ??= []);
      if (list.includes(row.text)) continue;
      list.push(row.text);
      added++;
    }
    writeFileSync(path, `${JSON.stringify(pack, null, 2)}\n`);
    console.log(
      `${file}: ${added} examples added, ${unplaced} sentences resembling no rule left out`,
    );
  }
}

main(process.argv.slice(2));
