import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SUMMARY_SLOTS,
  summarySchema,
  summaryWarnings,
} from '../../../knowledge/authoring/pack-summary.ts';
import { parsePack, validatePack } from '../../../knowledge/authoring/pack.ts';
import { validate } from '../../../knowledge/authoring/schema.ts';
import { variablesOf } from '../../../knowledge/text/template.ts';

const PACKS = join(import.meta.dirname, '../../../knowledge/packs');
const shipped = ['xx-finance-sop.zh-CN.json', 'xx-finance-sop.en.json'].map((f) => {
  const r = parsePack(readFileSync(join(PACKS, f), 'utf8'));
  if (!r.ok) throw new Error(`${f} does not validate`);
  return { file: f, ...r };
});
const paths = (value: unknown) => validate(summarySchema, value).map((e) => e.path);

describe('the summary section of a pack', () => {
  it.each(shipped)('$file carries one, using every part, with no warning', ({ pack, warnings }) => {
    expect(pack.summary).toBeDefined();
    const used = variablesOf(pack.summary!.template);
    for (const slot of SUMMARY_SLOTS) expect(used).toContain(slot);
    expect(warnings.filter((w) => w.path.startsWith('summary'))).toEqual([]);
    expect(pack.summary!.fields?.some((f) => f.field === 'category')).toBe(true);
  });

  it('accepts a minimal section: a template alone', () => {
    expect(paths({ template: '{{need}}' })).toEqual([]);
  });

  it('names the path of each error: missing template, bad pattern, unknown alert kind, bad field', () => {
    const errors = paths({
      labels: { need: 3 },
      patterns: { mood: ['(unclosed'], department: [{ patterns: [] }] },
      fields: [
        { field: 'ticket category', rules: [{ when: { alerts: ['nonsense'] }, value: 'x' }] },
        { field: 'category', rules: [{ when: {} }] },
      ],
    });
    expect(errors).toEqual([
      'template',
      'labels.need',
      'patterns.department[0].patterns',
      'patterns.mood[0]',
      'fields[0].field',
      'fields[0].rules[0].when.alerts[0]',
      'fields[1].rules[0].value',
    ]);
  });

  it('refuses a pack whose summary is broken, with the path inside the pack', () => {
    const { pack } = shipped[0]!;
    const broken = {
      ...pack,
      summary: { ...pack.summary!, patterns: { time: [{ patterns: ['(?<v'] }] } },
    };
    const r = validatePack(broken);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.path)).toEqual(['summary.patterns.time[0].patterns[0]']);
  });

  it('ignores wordings the format does not know, whatever they hold', () => {
    const labels = JSON.parse('{"constructor": 3, "__proto__": {"x": 1}, "mood": "{{quotes}}"}');
    expect(() => summaryWarnings({ template: '{{mood}}', labels })).not.toThrow();
    expect(summaryWarnings({ template: '{{mood}}', labels })).toEqual([]);
  });

  it('warns of placeholders that will never be filled, in the template and in labels', () => {
    const warnings = summaryWarnings({
      template: '{{need}} {{caseId}} {{custmerName}}',
      labels: { mood: '客户表示{{quotes}}{{mood}}' },
    });
    expect(warnings.map((w) => `${w.path}: ${w.reason}`)).toEqual([
      'summary.template: unknown placeholder {{custmerName}}: it is removed from the draft',
      'summary.labels.mood: unknown placeholder {{mood}}: it is removed from the draft',
    ]);
    const { pack } = shipped[1]!;
    const r = validatePack({ ...pack, summary: { template: '{{need}}\n{{oops}}' } });
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['summary.template']);
  });
});
