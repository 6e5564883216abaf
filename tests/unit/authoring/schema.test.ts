import { describe, expect, it } from 'vitest';
import { validatePack, parsePack } from '../../../knowledge/authoring/pack.ts';

describe('pack validation', () => {
  it('reports every error with its path, and imports nothing', () => {
    const result = validatePack({
      schemaVersion: 1,
      id: 'p',
      name: 'P',
      locale: 'zh-CN',
      version: '1',
      articles: [
        { id: 'a1', title: 'T', questions: ['q'], answer: 'A' },
        { id: 'a1', title: 'T', questions: 'q', answer: 'A' },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual({
      path: 'articles[1].questions',
      reason: 'expected a list, got string',
    });
    expect(
      result.errors.some((e) => e.path === 'articles[1].id' && /duplicate/.test(e.reason)),
    ).toBe(true);
  });

  it('refuses broken JSON with a clear reason', () => {
    const result = parsePack('{"id": ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.reason).toMatch(/not valid JSON/);
  });

  it('refuses a pattern that does not compile', () => {
    const result = validatePack({
      schemaVersion: 1,
      id: 'p',
      name: 'P',
      locale: 'en',
      version: '1',
      rules: [
        {
          id: 'r',
          kind: 'misleading_claim',
          severity: 'high',
          title: 't',
          patterns: ['(unclosed'],
          basis: { law: 'L', article: '1' },
          alternative: 'x',
        },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.path).toBe('rules[0].patterns[0]');
  });
});
