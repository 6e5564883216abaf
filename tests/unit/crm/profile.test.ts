import { describe, expect, it } from 'vitest';
import {
  chooseProfile,
  matchesPattern,
  mergeProfiles,
  parseProfile,
  validateProfile,
} from '../../../knowledge/crm/profile.ts';

const contractExample = {
  id: 'acme-legacy',
  name: 'ACME legacy CRM',
  matches: ['http://crm.acme.local/*', 'http://127.0.0.1/*'],
  fields: {
    caseId: { selector: '#ticketNo' },
    customerName: { selector: ['td.custname', '#cust .name'] },
    customerId: { selector: '#cust', attribute: 'data-id' },
    agentId: { selector: '#header .login', pattern: '工号[:：]?\\s*(\\d+)' },
    channel: { selector: '#chan', map: { 电话: 'phone', 在线: 'chat', 邮件: 'email' } },
    caseType: {
      selector: 'select#type',
      attribute: 'value',
      map: { '1': 'inquiry', '2': 'assistance', '3': 'complaint', '4': 'complex' },
    },
    product: { selector: '#product', frame: '*/detail.html*' },
  },
  transcript: {
    turn: '#chatlog .msg',
    speaker: { attribute: 'class', agent: '\\bagent\\b', customer: '\\bcustomer\\b' },
    text: '.body',
  },
  reply: { selector: 'textarea#reply, div.editor[contenteditable]' },
  notes: { selector: 'textarea#ticketNotes' },
};

describe('CRM profiles', () => {
  it('accepts ticket fields for the summary to fill, and names a bad one by its path', () => {
    const ticket = { category: { selector: 'select#cat', map: { card_loss: '挂失' } } };
    expect(validateProfile({ ...contractExample, ticket }).ok).toBe(true);
    const bad = validateProfile({ ...contractExample, ticket: { category: { selector: 3 } } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]!.path).toBe('ticket.category.selector');
  });

  it('accepts the example of the contract, extra keys included', () => {
    const result = validateProfile({ ...contractExample, owner: 'training team' });
    expect(result.ok).toBe(true);
  });

  it('refuses a broken profile with the path and reason of each error', () => {
    const result = validateProfile({
      ...contractExample,
      matches: ['not a pattern'],
      fields: { caseId: { selector: 42 }, agentId: { selector: '#a', pattern: '(' } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.errors.map((e) => e.path);
    expect(paths).toContain('matches[0]');
    expect(paths).toContain('fields.caseId.selector');
    expect(paths).toContain('fields.agentId.pattern');
  });

  it('takes a pack language for its cases: auto, one locale or both; a typo is named', () => {
    for (const locale of ['auto', 'zh-CN', 'en', ['zh-CN', 'en']])
      expect(validateProfile({ ...contractExample, locale }).ok, JSON.stringify(locale)).toBe(true);
    const bad = validateProfile({ ...contractExample, locale: 'zh' });
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['locale']);
    expect(validateProfile({ ...contractExample, locale: [] }).ok).toBe(false);
  });

  it('reports invalid JSON instead of throwing', () => {
    const result = parseProfile('{"id":');
    expect(result.ok).toBe(false);
  });

  it('matches URLs like Chrome match patterns, any port when none is given', () => {
    expect(
      matchesPattern(
        'http://127.0.0.1:5173/crm/legacy/index.html',
        'http://127.0.0.1/crm/legacy/*',
      ),
    ).toBe(true);
    expect(
      matchesPattern('http://127.0.0.1:5173/crm/spa/index.html', 'http://127.0.0.1/crm/legacy/*'),
    ).toBe(false);
    expect(matchesPattern('https://a.crm.example.com/x', '*://*.crm.example.com/*')).toBe(true);
    expect(matchesPattern('https://evilcrm.example.com/x', '*://*.crm.example.com/*')).toBe(false);
    expect(matchesPattern('http://127.0.0.1:8080/x', 'http://127.0.0.1:9090/*')).toBe(false);
    expect(matchesPattern('http://127.0.0.1:9090/x', 'http://127.0.0.1:9090/*')).toBe(true);
  });

  it('picks the most specific profile when several match', () => {
    const general = { id: 'g', matches: ['http://127.0.0.1/*'] };
    const specific = { id: 's', matches: ['http://127.0.0.1/crm/spa/*'] };
    expect(chooseProfile('http://127.0.0.1:3000/crm/spa/index.html', [general, specific])?.id).toBe(
      's',
    );
    expect(chooseProfile('http://127.0.0.1:3000/other.html', [general, specific])?.id).toBe('g');
    expect(chooseProfile('http://example.com/', [general, specific])).toBeUndefined();
  });

  it('a profile pushed by policy takes the place of a bundled or user one with its id', () => {
    const bundled = { ...contractExample, id: 'crm', name: 'bundled' };
    const user = { ...contractExample, id: 'crm', name: 'user' };
    const other = { ...contractExample, id: 'other', name: 'other' };
    const policy = { ...contractExample, id: 'crm', name: 'policy' };
    const listed = mergeProfiles([bundled], [user, other], [policy]);
    expect(listed.map((l) => [l.profile.name, l.source])).toEqual([
      ['other', 'user'],
      ['policy', 'policy'],
    ]);
  });
});
