import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import {
  fillField,
  glueBefore,
  insertAtCaret,
  rememberCaret,
} from '../../../extension/crm-insert.ts';

function page(html: string): Document {
  const window = new Window({ url: 'http://127.0.0.1/crm/' });
  window.document.body.innerHTML = html;
  return window.document as unknown as Document;
}

describe('inserting a script into the reply box', () => {
  it('separates scripts from Latin text by a space, never inside Chinese text', () => {
    expect(glueBefore('')).toBe('');
    expect(glueBefore('Hello')).toBe(' ');
    expect(glueBefore('Hello ')).toBe('');
    expect(glueBefore('您好，')).toBe('');
    expect(glueBefore('您好')).toBe('');
  });

  it('goes in at the remembered caret of a textarea, keeping the draft around it', async () => {
    const doc = page('<textarea id="r"></textarea>');
    const box = doc.getElementById('r') as HTMLTextAreaElement;
    box.value = '您好。再见';
    box.setSelectionRange(3, 3);
    rememberCaret(box);
    const seen: string[] = [];
    box.addEventListener('input', (e) => seen.push((e as InputEvent).data ?? ''));
    expect(await insertAtCaret(box, '请问您是本人吗？')).toBe(true);
    expect(await insertAtCaret(box, '我来查询。')).toBe(true);
    expect(box.value).toBe('您好。请问您是本人吗？我来查询。再见');
    expect(seen).toEqual(['请问您是本人吗？', '我来查询。']);
  });

  it('without a caret, appends to the end of the draft', async () => {
    const doc = page('<input id="r" type="text" value="Hello">');
    const box = doc.getElementById('r') as HTMLInputElement;
    expect(await insertAtCaret(box, 'how can I help?')).toBe(true);
    expect(box.value).toBe('Hello how can I help?');
  });

  it('sets the value past a framework’s own value property, so its input handler sees a change', async () => {
    const doc = page('<textarea id="r"></textarea>');
    const box = doc.getElementById('r') as HTMLTextAreaElement;
    // Like React: the instance's value property records what the framework last knew.
    const proto = Object.getPrototypeOf(box) as object;
    const native = Object.getOwnPropertyDescriptor(proto, 'value')!;
    let known = '';
    Object.defineProperty(box, 'value', {
      configurable: true,
      get() {
        return native.get!.call(box) as string;
      },
      set(v: string) {
        known = v;
        native.set!.call(box, v);
      },
    });
    let state = '';
    box.addEventListener('input', () => {
      if (box.value !== known) state = box.value; // a change the framework did not make itself
      known = box.value;
    });
    expect(await insertAtCaret(box, '您好')).toBe(true);
    expect(state).toBe('您好');
  });

  it('appends to a contenteditable editor, twice in a row, as text (never as HTML)', async () => {
    const doc = page('<div id="r" contenteditable="true">Hi</div>');
    const box = doc.getElementById('r')!;
    expect(await insertAtCaret(box, '<b>您好</b>，')).toBe(true);
    expect(await insertAtCaret(box, '请稍等。')).toBe(true);
    expect(box.textContent).toBe('Hi <b>您好</b>，请稍等。');
    expect(box.querySelector('b')).toBeNull();
  });

  it('refuses an element that is not a text box', async () => {
    const doc = page('<div id="r">static</div><input id="c" type="checkbox">');
    expect(await insertAtCaret(doc.getElementById('r')!, 'x')).toBe(false);
    expect(await insertAtCaret(doc.getElementById('c')!, 'x')).toBe(false);
  });
});

describe('filling a ticket field from the case summary', () => {
  it('chooses a select option by value or by its label, and the page hears the change', () => {
    const doc = page(
      '<select id="c"><option value="">请选择</option><option value="11">挂失</option><option value="12">投诉</option></select>',
    );
    const select = doc.getElementById('c') as HTMLSelectElement;
    const changes: string[] = [];
    select.addEventListener('change', () => changes.push(select.value));
    expect(fillField(select, '投诉')).toBe(true);
    expect(select.value).toBe('12');
    expect(fillField(select, '11')).toBe(true);
    expect(changes).toEqual(['12', '11']);
    // An option the CRM does not offer is not invented.
    expect(fillField(select, '理赔')).toBe(false);
    expect(select.value).toBe('11');
  });

  it('types a value into an input, and refuses what is not a form field', () => {
    const doc = page('<input id="r" type="text"><div id="d"></div>');
    const input = doc.getElementById('r') as HTMLInputElement;
    expect(fillField(input, 'R01')).toBe(true);
    expect(input.value).toBe('R01');
    expect(fillField(doc.getElementById('d')!, 'x')).toBe(false);
  });
});
