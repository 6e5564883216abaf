import { describe, expect, it } from 'vitest';
import { fillTemplate, hasPlaceholder, variablesOf } from '../../../knowledge/text/template.ts';

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
