import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { changeReader, readField } from '../../../knowledge/crm/reader.ts';
import type { CrmProfile } from '../../../knowledge/crm/profile.ts';
import { observedAttributes } from '../../../knowledge/crm/profile.ts';

const profile: CrmProfile = {
  id: 't',
  name: 'T',
  matches: ['http://127.0.0.1/*'],
  fields: {
    caseId: { selector: '#case' },
    customerName: { selector: ['.cust .name', '[data-k=name]'] },
    channel: { selector: '#chan', attribute: 'data-code' },
  },
  transcript: {
    turn: '#log li',
    speaker: { attribute: 'data-who', agent: '^a$', customer: '^c$' },
    text: '.t',
  },
};

function setup() {
  const window = new Window({ url: 'http://127.0.0.1/crm/' });
  const doc = window.document as unknown as Document;
  doc.body.innerHTML = `
    <b id="case">C1</b><div class="cust"><span class="name"></span></div><i data-k="name">王芳</i>
    <span id="chan" data-code="chat">在线</span>
    <div id="side"><p>other</p></div>
    <ul id="log"><li data-who="c"><span class="t">你好</span></li><li data-who="a"><span class="t">您好</span></li></ul>`;
  const records: MutationRecord[] = [];
  const observer = new window.MutationObserver((rs) => records.push(...(rs as never[])));
  observer.observe(doc.documentElement as never, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
  const reader = changeReader(doc, profile, () => 'http://127.0.0.1/crm/');
  /** Lets the observer deliver, hands the records to the reader, reads. */
  const next = async () => {
    await new Promise((r) => setTimeout(r, 0));
    reader.note(records.splice(0));
    return reader.read();
  };
  return { doc, reader, next };
}

describe('reading a CRM frame as it changes', () => {
  it('reports the first reading, then nothing while nothing it reads changed', async () => {
    const { doc, reader, next } = setup();
    const first = reader.read();
    expect(first?.fields.caseId?.value).toBe('C1');
    expect(first?.fields.customerName?.value).toBe('王芳'); // the empty first match falls back
    expect(first?.transcript?.map((t) => t.text)).toEqual(['你好', '您好']);
    doc.querySelector('#side p')!.textContent = 'still other';
    expect(await next()).toBeNull();
  });

  it('sees a new turn, an edited turn and a field change', async () => {
    const { doc, reader, next } = setup();
    reader.read();
    const li = doc.createElement('li');
    li.setAttribute('data-who', 'c');
    li.innerHTML = '<span class="t">卡丢了</span>';
    doc.getElementById('log')!.append(li);
    expect((await next())?.transcript?.map((t) => t.text)).toEqual(['你好', '您好', '卡丢了']);

    doc.querySelector('#log li .t')!.textContent = '你好，在吗';
    expect((await next())?.transcript?.[0]).toEqual({ speaker: 'customer', text: '你好，在吗' });

    doc.getElementById('chan')!.setAttribute('data-code', 'phone');
    const r = await next();
    expect(r?.fields.channel?.value).toBe('phone');
    expect(r?.transcript).toHaveLength(3);
  });

  it('follows a transcript that is rebuilt elsewhere and a speaker that changes', async () => {
    const { doc, reader, next } = setup();
    reader.read();
    doc.getElementById('log')!.remove();
    const r1 = await next();
    expect(r1?.transcript).toBeUndefined();
    doc.getElementById('side')!.innerHTML =
      '<ul id="log"><li data-who="a"><span class="t">重新加载</span></li></ul>';
    expect((await next())?.transcript).toEqual([{ speaker: 'agent', text: '重新加载' }]);
    doc.querySelector('#log li')!.setAttribute('data-who', 'c');
    expect((await next())?.transcript).toEqual([{ speaker: 'customer', text: '重新加载' }]);
  });

  it('a field whose element disappears reads as missing, not its old value', async () => {
    const { doc, reader, next } = setup();
    reader.read();
    doc.getElementById('case')!.remove();
    expect((await next())?.fields.caseId).toEqual({ status: 'missing' });
  });

  it('an invalid selector is reported, not thrown into the page', () => {
    const { doc } = setup();
    expect(readField(doc, { selector: ['td[', '#case'] })).toMatchObject({
      status: 'ok',
      value: 'C1',
    });
    expect(readField(doc, { selector: 'a{' })).toEqual({ status: 'bad-selector' });
  });

  it('the observer watches only the attributes the profile reads or selects by', () => {
    const names = observedAttributes(profile);
    expect(names).toEqual(expect.arrayContaining(['data-code', 'data-k', 'data-who', 'class']));
    expect(names).not.toContain('style');
  });
});
