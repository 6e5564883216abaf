import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factPresent, scoreReferences } from '../../bench/summary.ts';

const SAMPLE = join(import.meta.dirname, '../../fixtures/summary/sample-references.jsonl');
const sample = readFileSync(SAMPLE, 'utf8');

describe('the summary bench', () => {
  it('scores the sample: every fact the dialogues show is found, the absent name is a miss', () => {
    const score = scoreReferences(sample);
    expect(score.summaries).toBe(2);
    // e18's reference asks for the customer's name, which the case context does not give.
    expect(score.misses).toEqual([{ id: 'e18', fact: 'customer Peter Hall' }]);
    expect(score.fact_recall).toBeCloseTo(10 / 11, 3);
    expect(score.wrong).toEqual([]);
    expect(score.wrong_facts).toBe(0);
  });

  it('counts a checkable fact that contradicts the truth as wrong', () => {
    const lines = sample.trim().split('\n');
    const ref = JSON.parse(lines[0]!) as { truth: Record<string, unknown> };
    ref.truth.identity = 'not_verified';
    ref.truth.department = '理财部';
    const score = scoreReferences(JSON.stringify(ref));
    expect(score.wrong).toEqual([
      { id: 'z08', slot: 'identity', got: 'verified', want: 'not_verified' },
      { id: 'z08', slot: 'department', got: '信用卡中心', want: '理财部' },
    ]);
    expect(score.wrong_facts).toBeGreaterThan(0);
  });

  it('reports a reference whose dialogue is missing instead of failing', () => {
    const line = JSON.stringify({ id: 'nope', file: 'dialogues.jsonl', facts: [], truth: {} });
    expect(scoreReferences(line).errors).toEqual([
      { id: 'nope', why: 'no dialogue nope in dialogues.jsonl' },
    ]);
  });

  it('matches keys across case and full/half width', () => {
    expect(factPresent('转至ＡＢＣ团队；预计３个工作日', [['abc'], ['3个工作日']])).toBe(true);
    expect(factPresent('转至ABC团队', [['abc'], ['电话', '短信']])).toBe(false);
  });
});
