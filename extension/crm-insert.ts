/**
 * Writes a script into the CRM's reply box at the caret, the way a person typing would,
 * so that framework-controlled inputs (React, Vue) see the change: native value setter,
 * then `beforeinput`/`input` events; contenteditable gets a text range at the selection.
 */

type TextField = HTMLInputElement | HTMLTextAreaElement;

const isTextField = (el: Element): el is TextField =>
  el.tagName === 'TEXTAREA' ||
  (el.tagName === 'INPUT' && /^(text|search|)$/i.test((el as HTMLInputElement).type));

/** Remembers where the caret was in each box, so focus moving to the sidebar does not lose it. */
const caretMemory = new WeakMap<Element, { start: number; end: number } | Range>();

/** Records the caret of a reply box; call on select/keyup/click/blur events inside it. */
export function rememberCaret(el: Element): void {
  if (isTextField(el)) {
    if (el.selectionStart !== null && el.selectionEnd !== null)
      caretMemory.set(el, { start: el.selectionStart, end: el.selectionEnd });
    return;
  }
  const selection = el.ownerDocument.getSelection();
  if (selection && selection.rangeCount > 0) {
    const range = selection.getRangeAt(0);
    if (el.contains(range.commonAncestorContainer)) caretMemory.set(el, range.cloneRange());
  }
}

function setNativeValue(el: TextField, value: string): void {
  const view = el.ownerDocument.defaultView;
  const proto =
    el.tagName === 'TEXTAREA'
      ? view?.HTMLTextAreaElement.prototype
      : view?.HTMLInputElement.prototype;
  const setter = proto ? Object.getOwnPropertyDescriptor(proto, 'value')?.set : undefined;
  if (setter) setter.call(el, value);
  else el.value = value;
}

function fire(el: Element, text: string): void {
  const view = el.ownerDocument.defaultView;
  const InputEventCtor = view?.InputEvent ?? view?.Event;
  if (!InputEventCtor) return;
  el.dispatchEvent(
    new InputEventCtor('input', {
      bubbles: true,
      composed: true,
      inputType: 'insertText',
      data: text,
    } as InputEventInit),
  );
  el.dispatchEvent(new (view?.Event ?? Event)('change', { bubbles: true }));
}

/** Inserts text at the remembered caret (or the end) of a reply box; true when it took. */
export function insertAtCaret(el: Element, text: string): boolean {
  if (isTextField(el)) {
    const value = el.value;
    const saved = caretMemory.get(el);
    const caret =
      saved && !(saved instanceof Object && 'collapse' in saved)
        ? (saved as { start: number; end: number })
        : undefined;
    const start = Math.min(caret?.start ?? value.length, value.length);
    const end = Math.min(caret?.end ?? value.length, value.length);
    // A space keeps several inserted scripts from running into each other.
    const before = value.slice(0, start);
    const glue = before && !/\s$/.test(before) ? ' ' : '';
    const next = before + glue + text + value.slice(end);
    setNativeValue(el, next);
    const pos = start + glue.length + text.length;
    try {
      el.setSelectionRange(pos, pos);
    } catch {
      /* inputs of some types have no selection */
    }
    caretMemory.set(el, { start: pos, end: pos });
    fire(el, text);
    return el.value === next;
  }
  if ((el as HTMLElement).isContentEditable || el.getAttribute('contenteditable') !== null) {
    const doc = el.ownerDocument;
    const saved = caretMemory.get(el);
    let range: Range;
    if (saved && 'collapse' in saved && el.contains(saved.commonAncestorContainer)) range = saved;
    else {
      range = doc.createRange();
      range.selectNodeContents(el);
      range.collapse(false);
    }
    range.deleteContents();
    const frag = doc.createDocumentFragment();
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) frag.appendChild(doc.createElement('br'));
      frag.appendChild(doc.createTextNode(line));
    });
    const last = frag.lastChild;
    range.insertNode(frag);
    if (last) {
      range.setStartAfter(last);
      range.collapse(true);
      caretMemory.set(el, range.cloneRange());
    }
    fire(el, text);
    return true;
  }
  return false;
}
