import { describe, expect, it } from 'vitest';
import {
  fillLines,
  fillTemplate,
  fillWording,
  hasPlaceholder,
  variablesOf,
} from '../../../knowledge/text/template.ts';

describe('script templates', () => {
  const script =
    '您好，我是{{institution}}的客服代表{{ agentId }}，{{customerName}}您好，{{customerName}}请讲。';

  it('lists the variables a script needs, once each', () => {
    expect(variablesOf(script)).toEqual(['institution', 'agentId', 'customerName']);
  });

  it('fills every placeholder that has a value', () => {
    const r = fillTemplate(script, {
      institution: 'XX金融',
      agentId: '10086',
      customerName: '王先生',
    });
    expect(r).toEqual({
      text: '您好，我是XX金融的客服代表10086，王先生您好，王先生请讲。',
      missing: [],
    });
    expect(hasPlaceholder(r.text)).toBe(false);
  });

  it('reports what is missing instead of inserting an empty or raw placeholder', () => {
    const r = fillTemplate(script, { institution: 'XX金融', agentId: '  ' });
    expect(r.missing).toEqual(['agentId', 'customerName']);
    expect(hasPlaceholder(r.text)).toBe(true);
  });
});

describe('ticket templates', () => {
  it('leave out a wording whose variables are all empty, and never show a raw placeholder', () => {
    expect(fillWording('原因：{{reason}}', { reason: '  ' })).toBe('');
    expect(fillWording('原因：{{reason}}', { reason: '需要核查' })).toBe('原因：需要核查');
    expect(fillWording('{{a}}（{{b}}）', { a: 'x' })).toBe('x（）');
    expect(fillWording('quote: {{t}}', { t: 'he typed {{x}}' })).not.toMatch(/\{\{/);
  });

  it('drop the lines whose variables are all empty and remove unknown placeholders', () => {
    const text = fillLines(
      '工单：{{caseId}}\n需求：{{need}}{{typo}}\n结果：{{result}}',
      {
        need: '查余额',
        result: '',
      },
      ['result'],
    );
    expect(text).toBe('需求：查余额');
    expect(hasPlaceholder(text)).toBe(false);
  });
});
