import { describe, expect, it } from 'vitest';
import {
  addField,
  applyPick,
  isFieldName,
  newProfile,
  pickTargets,
  ruleSelectors,
  setSelectors,
  summarise,
  type FrameTest,
  type PickedElement,
} from '../../../knowledge/crm/profile-edit.ts';
import type { CrmProfile } from '../../../knowledge/crm/profile.ts';

const draft: CrmProfile = { id: 'crm', name: 'crm', matches: [], fields: {} };

const picked = (target: string, over: Partial<PickedElement> = {}): PickedElement => ({
  target,
  selector: '#a',
  alternatives: [],
  basis: 'id',
  value: 'v',
  frameUrl: 'https://crm.example/app/frame.html?x=1',
  topFrame: true,
  ...over,
});

describe('profile drafts', () => {
  it('names a new draft after the tab and matches its host', () => {
    expect(newProfile('https://crm.example:8443/app/index.html')).toEqual({
      id: 'crm.example',
      name: 'crm.example',
      matches: ['https://crm.example/*'],
      fields: {},
    });
    expect(newProfile(undefined)).toEqual({ id: 'crm', name: 'crm', matches: [], fields: {} });
  });

  it('applies a pick to a field: selector and fallbacks, the frame when not the top', () => {
    const one = applyPick(draft, picked('caseId', { alternatives: ['.case'], topFrame: false }));
    expect(one.fields.caseId).toEqual({ selector: ['#a', '.case'], frame: '*/app/frame.html*' });
    // Picked again in the top frame: the frame limit goes, the rest of the rule stays.
    const again = applyPick(
      { ...one, fields: { caseId: { ...one.fields.caseId!, pattern: '\\d+' } } },
      picked('caseId', { selector: '#b' }),
    );
    expect(again.fields.caseId).toEqual({ selector: '#b', pattern: '\\d+' });
    expect(ruleSelectors(again, 'caseId')).toEqual(['#b']);
  });

  it('applies a pick to the reply box and to the transcript, with the speakers the markup tells', () => {
    expect(applyPick(draft, picked('reply')).reply).toEqual({ selector: '#a' });
    const turn = applyPick(draft, picked('transcript.turn', { selector: '.msg', text: '.body' }));
    expect(turn.transcript).toEqual({
      speaker: { attribute: 'class', agent: 'agent', customer: 'customer' },
      turn: '.msg',
      text: '.body',
    });
    const speaker = { attribute: 'data-from', agent: 'staff', customer: 'client' };
    const told = applyPick(turn, picked('transcript.turn', { selector: '.msg', speaker }));
    expect(told.transcript?.speaker).toEqual(speaker);
    expect(ruleSelectors(told, 'transcript.turn')).toEqual(['.msg']);
    expect(ruleSelectors(draft, 'notes')).toEqual([]);
  });

  it('sets selectors typed one a line; blank text changes nothing', () => {
    expect(setSelectors(draft, 'caseId', ' #a \n\n.b ').fields.caseId).toEqual({
      selector: ['#a', '.b'],
    });
    expect(setSelectors(draft, 'notes', '#n').notes).toEqual({ selector: '#n' });
    expect(setSelectors(draft, 'transcript.turn', '.t\n.u').transcript?.turn).toBe('.t');
    expect(setSelectors(draft, 'caseId', ' \n ')).toBe(draft);
  });

  it('adds a field under an identifier, listed after the known ones and before the boxes', () => {
    expect(isFieldName('branch_code')).toBe(true);
    expect(isFieldName('1x')).toBe(false);
    const withField = addField(draft, 'branch');
    expect(withField.fields.branch).toEqual({ selector: '[data-field="branch"]' });
    expect(pickTargets(withField, ['caseId'])).toEqual([
      'caseId',
      'branch',
      'reply',
      'notes',
      'transcript.turn',
    ]);
  });
});

describe('live test results', () => {
  const frame = (over: Partial<FrameTest>): FrameTest => ({
    url: 'https://crm.example/',
    topFrame: true,
    reading: { fields: {}, hasReply: false },
    counts: {},
    ...over,
  });

  it('merges the frames: a field read in one, the reply box in another', () => {
    const profile: CrmProfile = {
      ...draft,
      fields: { caseId: { selector: '#case' } },
      reply: { selector: '#reply' },
    };
    const out = summarise(profile, [
      frame({
        reading: { fields: { caseId: { status: 'ok', value: 'GD1' } }, hasReply: false },
        counts: { caseId: [1], reply: [0] },
      }),
      frame({
        url: 'https://crm.example/frame',
        topFrame: false,
        reading: { fields: {}, hasReply: true },
        counts: { reply: [2] },
      }),
    ]);
    expect(out.caseId?.status).toBe('ok');
    expect(out.caseId?.value).toBe('GD1');
    expect(out.caseId?.frames.map((f) => [f.status, f.count])).toEqual([
      ['ok', 1],
      ['skipped', 0],
    ]);
    expect(out.reply?.status).toBe('ok');
    expect(out.notes).toBeUndefined();
  });

  it('tells a refused selector and turns matched but empty from nothing found', () => {
    const profile: CrmProfile = {
      ...draft,
      notes: { selector: '[' },
      transcript: { turn: '.msg', speaker: { agent: 'a', customer: 'c' } },
    };
    const out = summarise(profile, [frame({ counts: { notes: [-1], 'transcript.turn': [3] } })]);
    expect(out.notes?.status).toBe('bad-selector');
    expect(out['transcript.turn']?.status).toBe('empty');
    const none = summarise(profile, [frame({})]);
    expect(none.notes?.status).toBe('missing');
    expect(none['transcript.turn']?.status).toBe('missing');
  });
});
