import { describe, expect, it } from 'vitest';
import {
  type CrmProfile,
  chooseProfile,
  mergeProfiles,
  originPattern,
  profileSelectors,
} from '../../../knowledge/crm/profile.ts';

const bundled: CrmProfile[] = [
  { id: 'demo-a', name: 'A', matches: ['http://127.0.0.1/a/*'], fields: {} },
  { id: 'demo-b', name: 'B', matches: ['http://127.0.0.1/b/*'], fields: {} },
];

describe('profiles in force: bundled and the trainer’s own', () => {
  it('lists bundled then user profiles; a user profile with a bundled id takes its place', () => {
    const user: CrmProfile[] = [
      { id: 'demo-b', name: 'B (ours)', matches: ['http://127.0.0.1/b/*'], fields: {} },
      { id: 'acme', name: 'ACME', matches: ['https://crm.acme.example/*'], fields: {} },
    ];
    const listed = mergeProfiles(bundled, user);
    expect(listed.map((l) => [l.profile.id, l.source, l.replacesBundled ?? false])).toEqual([
      ['demo-a', 'bundled', false],
      ['demo-b', 'user', true],
      ['acme', 'user', false],
    ]);
    // The tab's profile is chosen among what is in force: the trainer's edit, not the bundled one.
    const inForce = listed.map((l) => l.profile);
    expect(chooseProfile('http://127.0.0.1:5173/b/index.html', inForce)?.name).toBe('B (ours)');
    expect(chooseProfile('https://crm.acme.example/case/1', inForce)?.id).toBe('acme');
    expect(chooseProfile('https://elsewhere.example/', inForce)).toBeUndefined();
  });

  it('deleting the user copy brings the bundled profile back', () => {
    expect(mergeProfiles(bundled, []).map((l) => l.profile.name)).toEqual(['A', 'B']);
  });

  it('names every selector of a profile by its path, for the syntax check', () => {
    const p: CrmProfile = {
      id: 'x',
      name: 'x',
      matches: ['http://x/*'],
      fields: { caseId: { selector: ['#a', 'td['] }, product: { selector: '.p' } },
      transcript: {
        turn: 'li',
        text: '.t',
        speaker: { selector: '.who', agent: 'a', customer: 'c' },
      },
      reply: { selector: 'textarea' },
    };
    expect(profileSelectors(p)).toEqual([
      { path: 'fields.caseId.selector[0]', selector: '#a' },
      { path: 'fields.caseId.selector[1]', selector: 'td[' },
      { path: 'fields.product.selector', selector: '.p' },
      { path: 'reply.selector', selector: 'textarea' },
      { path: 'transcript.turn', selector: 'li' },
      { path: 'transcript.text', selector: '.t' },
      { path: 'transcript.speaker.selector', selector: '.who' },
    ]);
  });

  it('asks for host access per origin, not per path', () => {
    expect(originPattern('https://crm.acme.example/app/*')).toBe('https://crm.acme.example/*');
    expect(originPattern('http://10.1.2.3:8080/crm/*')).toBe('http://10.1.2.3/*');
    expect(originPattern('*://*.bank.example/*')).toBe('*://*.bank.example/*');
    expect(originPattern('not a pattern')).toBeNull();
    expect(originPattern('<all_urls>')).toBeNull();
  });
});
