import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import {
  cssIdent,
  guessSpeaker,
  innerSelector,
  isStableToken,
  listSelector,
  repeatedItem,
  robustSelector,
} from '../../../knowledge/crm/selector.ts';

function page(html: string): Document {
  const window = new Window({ url: 'http://127.0.0.1/crm/' });
  window.document.write(html);
  return window.document as unknown as Document;
}

const only = (doc: Document, selector: string): Element[] =>
  Array.from(doc.querySelectorAll(selector));

describe('robust selectors for a clicked element', () => {
  it('prefers a stable id, then a form name, then data-* attributes', () => {
    const doc = page(`
      <b id="ticketNo">GD1</b>
      <select id="ember1234" name="caseType"><option>1</option></select>
      <span data-testid="ticket-id">TS1</span>`);
    expect(robustSelector(doc.querySelector('b')!).selector).toBe('#ticketNo');
    const select = robustSelector(doc.querySelector('select')!);
    expect(select).toMatchObject({ selector: 'select[name="caseType"]', basis: 'name' });
    expect(robustSelector(doc.querySelector('span')!).selector).toBe('[data-testid="ticket-id"]');
  });

  it('never builds on text or on attribute values that are data', () => {
    const doc = page(`
      <table><tr><td class="lbl">客户号：</td><td class="val" data-id="CIF3301088652">CIF33****8652</td></tr>
      <tr><td class="lbl">证件号：</td><td class="val">3301**********2517</td></tr></table>
      <div id="case-20261129-0001"><span class="name">王芳</span></div>`);
    const cust = robustSelector(doc.querySelector('[data-id]')!);
    expect(cust.selector).not.toMatch(/\d{4}/);
    expect(cust.selector).toBe('td[data-id]');
    const name = robustSelector(doc.querySelector('.name')!);
    expect(name.selector).not.toContain('20261129');
    expect(only(doc, name.selector)).toEqual([doc.querySelector('.name')]);
  });

  it('uses an accessible label when the element has no id or name', () => {
    const doc = page(`<div><div class="editor" contenteditable="true" aria-label="回复客户"></div>
      <div class="editor" contenteditable="true" aria-label="内部备注"></div></div>`);
    const s = robustSelector(doc.querySelectorAll('.editor')[1]!);
    expect(s).toMatchObject({ selector: 'div[aria-label="内部备注"]', basis: 'label' });
  });

  it('ignores state classes and generated class names', () => {
    const doc = page(`<ul><li class="item active css-1q2w3e4">a</li><li class="item">b</li></ul>
      <p class="summary sc-a1b2c3d4 is-open">x</p>`);
    const s = robustSelector(doc.querySelector('p')!);
    expect(s.selector).toBe('p.summary');
    const li = robustSelector(doc.querySelector('li.active')!);
    expect(li.selector).not.toMatch(/active|css-/);
    expect(only(doc, li.selector)).toEqual([doc.querySelector('li.active')]);
  });

  it('anchors a plain table cell on the nearest ancestor with an id, not a chain from <html>', () => {
    const doc = page(`<div><div><table id="customer">
      <tr><th>姓名</th><td>吴海涛</td></tr><tr><th>资金账号</th><td>3100****5521</td></tr>
      </table></div></div>`);
    const cell = doc.querySelectorAll('#customer td')[1]!;
    const s = robustSelector(cell);
    expect(s.basis).toBe('anchored');
    expect(s.selector.startsWith('#customer')).toBe(true);
    expect(s.selector).not.toMatch(/(^|[\s>])(html|body)\b/);
    expect(only(doc, s.selector)).toEqual([cell]);
  });

  it('escapes identifiers that CSS would misread', () => {
    expect(cssIdent('1abc')).toBe('\\31 abc');
    expect(cssIdent('a:b.c')).toBe('a\\:b\\.c');
    expect(cssIdent('工单号')).toBe('工单号');
    const doc = page(`<span id="工单:号">1</span>`);
    const s = robustSelector(doc.querySelector('span')!);
    expect(only(doc, s.selector)).toEqual([doc.querySelector('span')]);
  });

  it('tells authored tokens from generated or data ones', () => {
    for (const t of ['ticketNo', 'custname', 'case-type', 'h2', 'msgInput'])
      expect(isStableToken(t), t).toBe(true);
    for (const t of ['ember1234', 'css-1q2w3e', 'x12', 'GD202611290387', 'a3f9e2b7c1', '3', ''])
      expect(isStableToken(t), t).toBe(false);
  });

  it('a list selector matches every turn of a transcript', () => {
    const doc = page(`<div id="thread"><div class="row row--in"><div class="row__text">a</div></div>
      <div class="row row--out"><div class="row__text">b</div></div>
      <div class="row row--in"><div class="row__text">c</div></div></div>`);
    const sel = listSelector(doc.querySelectorAll('.row')[1]!);
    expect(only(doc, sel)).toHaveLength(3);
  });

  it('on every element of every demo CRM page, the selector matches exactly that element', () => {
    const dir = resolve(import.meta.dirname, '../../fixtures/crm');
    let checked = 0;
    for (const name of readdirSync(dir)) {
      for (const file of readdirSync(join(dir, name)).filter((f) => f.endsWith('.html'))) {
        const html = readFileSync(join(dir, name, file), 'utf8').replace(
          /<script[\s\S]*?<\/script>/g,
          '',
        );
        const doc = page(html);
        for (const el of Array.from(doc.body?.querySelectorAll('*') ?? [])) {
          const s = robustSelector(el);
          expect(only(doc, s.selector), `${name}/${file}: ${s.selector}`).toEqual([el]);
          for (const alt of s.alternatives) expect(only(doc, alt), alt).toEqual([el]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});

describe('picking a transcript turn', () => {
  it('a click on the text of a turn picks the turn, its text inside, and a selector for all turns', () => {
    const doc =
      page(`<ul id="log"><li class="msg customer"><span class="nick">客户</span><p class="t">你好</p></li>
      <li class="msg agent"><span class="nick">坐席</span><p class="t">您好</p></li></ul>`);
    const text = doc.querySelectorAll('p.t')[1]!;
    const turn = repeatedItem(text);
    expect(turn).toBe(doc.querySelectorAll('li')[1]);
    expect(innerSelector(text, turn)).toBe('p.t');
    expect(only(doc, listSelector(turn))).toHaveLength(2);
  });
});

describe('guessing who spoke each turn', () => {
  const turnsOf = (html: string, sel: string) => Array.from(page(html).querySelectorAll(sel));

  it('from a class token, a data attribute of the turn or one inside it', () => {
    const byClass = guessSpeaker(
      turnsOf(
        '<table><tr class="msg agent"><td>a</td></tr><tr class="msg customer"><td>b</td></tr></table>',
        'tr',
      ),
    );
    expect(byClass).toMatchObject({ attribute: 'class' });
    expect(new RegExp(byClass!.agent).test('msg agent')).toBe(true);
    expect(new RegExp(byClass!.agent).test('msg customer')).toBe(false);
    expect(new RegExp(byClass!.customer).test('msg customer')).toBe(true);

    expect(
      guessSpeaker(
        turnsOf('<li data-speaker="client">a</li><li data-speaker="staff">b</li>', 'li'),
      ),
    ).toEqual({ attribute: 'data-speaker', agent: '^staff$', customer: '^client$' });

    expect(
      guessSpeaker(
        turnsOf(
          '<div class="m"><i class="role" data-role="client"></i>a</div><div class="m"><i class="role" data-role="staff"></i>b</div>',
          '.m',
        ),
      ),
    ).toEqual({
      selector: 'i[data-role]',
      attribute: 'data-role',
      agent: '^staff$',
      customer: '^client$',
    });
  });

  it('says nothing when the markup does not tell the speakers apart', () => {
    expect(guessSpeaker(turnsOf('<p class="row">a</p><p class="row">b</p>', 'p'))).toBeUndefined();
    expect(guessSpeaker(turnsOf('<p class="x1">a</p><p class="x2">b</p>', 'p'))).toBeUndefined();
  });
});
