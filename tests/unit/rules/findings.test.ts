import { describe, expect, it } from 'vitest';
import { learnedFindings } from '../../../knowledge/rules/findings.ts';
import { learnModel, type Sample } from '../../../knowledge/rules/learned.ts';
import { features } from '../../../knowledge/rules/examples.ts';
import { compileCues, cueView } from '../../../knowledge/rules/scope.ts';

const cues = compileCues({
  sentenceBreaks: ['\\.(?=\\s|$)'],
  clauseBreaks: [','],
  reported: ['\\bwhether\\b'],
});
const words = (s: string) => features(s).map((f) => f.key);
/** Flag sentences promise a waiver; ok ones talk about the same fees without promising. */
const samples: Sample[] = [
  ...['late', 'annual', 'card', 'transfer', 'overdraft'].flatMap((fee) =>
    ['today', 'now', 'this month', 'for you', 'again', 'this year', 'at once', 'from now on'].map(
      (w) => ({
        keys: words(`i will waive the ${fee} fee ${w}`),
        flag: true,
      }),
    ),
  ),
  ...['late', 'annual', 'card', 'transfer', 'overdraft'].flatMap((fee) =>
    ['today', 'now', 'this month', 'for you', 'again', 'this year', 'at once', 'from now on'].map(
      (w) => ({
        keys: words(`the ${fee} fee is in the tariff ${w}`),
        flag: false,
      }),
    ),
  ),
];

describe('the sentences a learned model flags', () => {
  const model = learnModel(samples, { threshold: 0.9 })!;
  const find = (s: string) => {
    const view = cueView(s, cues);
    return learnedFindings(view, features(view.text), cues, model, () => false);
  };

  it('finds the sentence with the promise and marks the words that made it one', () => {
    const text = 'the card fee is in the tariff. i will waive the annual fee today.';
    const [f, more] = find(text);
    expect(more).toBeUndefined();
    expect(text.slice(f!.start, f!.end)).toMatch(/waive/);
    expect(f!.from).toBeGreaterThan(text.indexOf('tariff'));
  });

  it('reads what the agent reports the customer asking as not the agent’s words', () => {
    expect(find('i will waive the annual fee today.')).toHaveLength(1);
    expect(find('you ask whether i will waive the annual fee today.')).toEqual([]);
  });
});
