/**
 * Writes a script into the CRM's reply box at the caret, the way a person typing would, so
 * that framework-controlled inputs (React, Vue, hand-rolled stores) and rich editors see the
 * change. First the browser's own editing command (trusted `beforeinput`/`input` events, undo
 * history); when a page refuses it, the native value setter plus synthetic events; the result
 * is checked after the page had a frame to re-render, so a store that reverts a value it did
 * not hear about is caught.
 */

type TextField = HTMLInputElement | HTMLTextAreaElement;
type Caret = { start: number; end: number };

const TEXT_INPUT_TYPES = /^(text|search|email|url|tel|)$/i;

const isTextField = (el: Element): el is TextField =>
  el.tagName === 'TEXTAREA' ||
  (el.tagName === 'INPUT' && TEXT_INPUT_TYPES.test((el as HTMLInputElement).type));

const isEditable = (el: Element): boolean =>
  (el as HTMLElement).isContentEditable === true ||
  /^(|true|plaintext-only)$/i.test(el.getAttribute('contenteditable') ?? 'false');

/** Remembers where the caret was in each box, so focus moving to the sidebar does not lose it. */
const caretMemory = new WeakMap<Element, Caret | Range>();

const isRange = (c: Caret | Range | undefined): c is Range =>
  c !== undefined && typeof (c as Range).cloneRange === 'function';

/** Records the caret of a reply box; call on select/keyup/click/input/blur events inside it. */
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

/** Where text goes in a field: the remembered caret, else the live one when focused, else the end. */
function fieldCaret(el: TextField): Caret {
  const length = el.value.length;
  const saved = caretMemory.get(el);
  let c: Caret | undefined;
  if (saved && !isRange(saved)) c = saved;
  else if (el.ownerDocument.activeElement === el && el.selectionStart !== null)
    c = { start: el.selectionStart, end: el.selectionEnd ?? el.selectionStart };
  const start = Math.min(c?.start ?? length, length);
  return { start, end: Math.max(start, Math.min(c?.end ?? length, length)) };
}

/**
 * What separates an inserted script from the text before it: nothing after whitespace or
 * Chinese text and punctuation, a space after Latin text, so scripts never run together.
 */
export function glueBefore(before: string): string {
  if (before === '' || /[\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]$/u.test(before)) return '';
  return ' ';
}

function setNativeValue(el: TextField, value: string): void {
  const view = el.ownerDocument.defaultView;
  const proto =
    el.tagName === 'TEXTAREA'
      ? view?.HTMLTextAreaElement.prototype
      : view?.HTMLInputElement.prototype;
  // The prototype's setter bypasses a framework's own value property (React's tracker).
  const setter = proto ? Object.getOwnPropertyDescriptor(proto, 'value')?.set : undefined;
  if (setter) setter.call(el, value);
  else el.value = value;
}

function fireInput(el: Element, text: string): void {
  const view = el.ownerDocument.defaultView;
  const Ctor = view?.InputEvent ?? view?.Event;
  if (!Ctor) return;
  const init = { bubbles: true, composed: true, inputType: 'insertText', data: text };
  el.dispatchEvent(new Ctor('input', init as InputEventInit));
  el.dispatchEvent(new (view?.Event ?? Event)('change', { bubbles: true }));
}

/** The browser's own insertion: trusted events, undo history; false when the page refused it. */
function execInsert(doc: Document, text: string): boolean {
  try {
    return doc.execCommand('insertText', false, text);
  } catch {
    return false;
  }
}

const nextFrame = (el: Element): Promise<void> =>
  new Promise((done) => {
    const view = el.ownerDocument.defaultView;
    // Two frames: a store that re-renders on animation frames has had its turn by then.
    if (view?.requestAnimationFrame) view.requestAnimationFrame(() => setTimeout(done, 16));
    else setTimeout(done, 32);
    setTimeout(done, 120); // background tabs throttle animation frames
  });

function insertInField(el: TextField, text: string, useCommand: boolean): string {
  const { start, end } = fieldCaret(el);
  const before = el.value.slice(0, start);
  const piece = glueBefore(before) + text;
  const expected = before + piece + el.value.slice(end);
  let done = false;
  if (useCommand) {
    el.focus({ preventScroll: true });
    try {
      el.setSelectionRange(start, end);
    } catch {
      /* inputs of some types have no selection */
    }
    done = execInsert(el.ownerDocument, piece) && el.value === expected;
  }
  if (!done) {
    setNativeValue(el, expected);
    fireInput(el, piece);
  }
  const pos = start + piece.length;
  try {
    el.setSelectionRange(pos, pos);
  } catch {
    /* no selection on this input type */
  }
  caretMemory.set(el, { start: pos, end: pos });
  return expected;
}

function editableRange(el: Element): Range {
  const doc = el.ownerDocument;
  const saved = caretMemory.get(el);
  if (isRange(saved) && el.contains(saved.commonAncestorContainer)) return saved.cloneRange();
  const range = doc.createRange();
  range.selectNodeContents(el);
  range.collapse(false);
  return range;
}

function textBefore(el: Element, range: Range): string {
  const probe = el.ownerDocument.createRange();
  probe.selectNodeContents(el);
  probe.setEnd(range.startContainer, range.startOffset);
  return probe.toString();
}

function insertInEditable(el: Element, text: string, useCommand: boolean): void {
  const doc = el.ownerDocument;
  const range = editableRange(el);
  const piece = glueBefore(textBefore(el, range)) + text;
  const selection = doc.getSelection();
  if (useCommand && selection) {
    (el as HTMLElement).focus({ preventScroll: true });
    selection.removeAllRanges();
    selection.addRange(range);
    const before = el.textContent ?? '';
    if (execInsert(doc, piece) && (el.textContent ?? '') !== before) {
      rememberCaret(el);
      return;
    }
  }
  range.deleteContents();
  const frag = doc.createDocumentFragment();
  piece.split('\n').forEach((line, i) => {
    if (i > 0) frag.appendChild(doc.createElement('br'));
    frag.appendChild(doc.createTextNode(line));
  });
  const last = frag.lastChild;
  range.insertNode(frag);
  if (last) {
    range.setStartAfter(last);
    range.collapse(true);
    caretMemory.set(el, range.cloneRange());
    if (selection && doc.activeElement === el) {
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }
  fireInput(el, piece);
}

const flat = (s: string): string => s.replace(/\s+/g, '');

/**
 * Sets a ticket field the way a person choosing or typing would: a select takes the option whose
 * value or label is `value`; a text field gets the value through the native setter; both fire
 * input and change. False when the control has no such option or is not a form field.
 */
export function fillField(el: Element, value: string): boolean {
  if (el.tagName === 'SELECT') {
    const select = el as HTMLSelectElement;
    const option = Array.from(select.options).find(
      (o) => o.value === value || o.text.trim() === value,
    );
    if (!option) return false;
    select.value = option.value;
    fireInput(el, '');
    return true;
  }
  if (!isTextField(el)) return false;
  setNativeValue(el, value);
  fireInput(el, value);
  return true;
}

/**
 * Inserts text at the remembered caret (or the end) of a reply box, keeping the draft around
 * it; resolves true when the box (and the page's state behind it) holds the text afterwards.
 */
export async function insertAtCaret(el: Element, text: string): Promise<boolean> {
  if (text === '') return true;
  if (isTextField(el)) {
    const before = el.value;
    let expected = insertInField(el, text, true);
    await nextFrame(el);
    if (el.value === expected) return true;
    // The page reverted the value (it did not hear the command): set it the framework way.
    setNativeValue(el, before);
    caretMemory.delete(el);
    expected = insertInField(el, text, false);
    await nextFrame(el);
    return el.value === expected;
  }
  if (isEditable(el)) {
    const before = flat(el.textContent ?? '');
    insertInEditable(el, text, true);
    await nextFrame(el);
    // An editor may normalise whitespace and line breaks: compare without them.
    return flat(el.textContent ?? '').length >= before.length + flat(text).length;
  }
  return false;
}
