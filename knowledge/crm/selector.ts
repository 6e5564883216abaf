/**
 * Robust CSS selectors for an element a trainer clicked in a CRM page (the picker). Prefers
 * what survives a CRM's re-renders and data changes: a stable id, a form name, data-*
 * attributes, accessible labels, stable class names; falls back to a short path anchored on the
 * nearest such ancestor, using :nth-of-type only where siblings are otherwise alike.
 * Never uses the element's text or attribute values that look like data (a customer's number).
 */

/** How a selector finds its element, most robust first. */
export type SelectorBasis = 'id' | 'name' | 'data' | 'label' | 'class' | 'anchored' | 'path';

export interface SelectorSuggestion {
  /** The selector to use: matches exactly the element. */
  selector: string;
  basis: SelectorBasis;
  /** Other selectors that also match exactly the element, for a fallback list. */
  alternatives: string[];
}

/** Escapes an identifier for CSS (what CSS.escape does, also where CSS is not available). */
export function cssIdent(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (code === 0) out += '\ufffd';
    else if (
      (code >= 0x1 && code <= 0x1f) ||
      code === 0x7f ||
      (i === 0 && code >= 0x30 && code <= 0x39) ||
      (i === 1 && code >= 0x30 && code <= 0x39 && value[0] === '-')
    )
      out += `\\${code.toString(16)} `;
    else if (i === 0 && ch === '-' && value.length === 1) out += '\\-';
    else if (code >= 0x80 || /[\w-]/.test(ch)) out += ch;
    else out += `\\${ch}`;
  }
  return out;
}

/** A double-quoted CSS string. */
export function cssString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ')}"`;
}

const GENERATED_PREFIX =
  /^(ember|ext-|extgen|gen\d|react|radix|mui|headlessui|ui-id|yui|j_id|jsx-|css-|sc-|emotion|styled|svelte-|v-|ng-|_ngcontent|:r|__)/i;
const STATE_CLASS =
  /^(active|selected|hover|focus|focused|open|opened|closed|hidden|visible|show|shown|disabled|checked|current|highlight(ed)?|odd|even|first|last|in|fade|collapsed?|expanded|loading|loaded|dirty|pristine|touched|valid|invalid|error|(is|has)-.*|ng-.*)$/i;

/** Whether a token (id, class, attribute value) looks authored rather than generated or data. */
export function isStableToken(token: string): boolean {
  if (token === '' || token.length > 48) return false;
  if (GENERATED_PREFIX.test(token)) return false;
  // Numbers, dates, customer ids, codes: data, not structure.
  if (/\d{4,}/.test(token) || /^[\d.,:-]+$/.test(token)) return false;
  if (/[0-9a-f]{6,}/i.test(token) && /\d/.test(token) && /[a-f]/i.test(token)) return false; // hashes
  if (/^[a-z]{1,3}\d+$/i.test(token) && !/^h[1-6]$/i.test(token)) return false; // e.g. "x12", "c3"
  return !/\s/.test(token);
}

const stableClass = (c: string): boolean => isStableToken(c) && !STATE_CLASS.test(c);

/** data-* names a page sets on purpose for tests and integrations, best first. */
const PREFERRED_DATA = [
  'data-testid',
  'data-test-id',
  'data-test',
  'data-qa',
  'data-cy',
  'data-field',
  'data-name',
  'data-key',
  'data-k',
  'data-role',
  'data-type',
];

function tagOf(el: Element): string {
  return el.tagName.toLowerCase();
}

function matchesOnly(root: ParentNode, selector: string, el: Element): boolean {
  try {
    const found = root.querySelectorAll(selector);
    return found.length === 1 && found[0] === el;
  } catch {
    return false;
  }
}

/** Candidate selectors from the element's own attributes, most robust first. */
function ownCandidates(el: Element): { selector: string; basis: SelectorBasis }[] {
  const tag = tagOf(el);
  const out: { selector: string; basis: SelectorBasis }[] = [];
  const id = el.getAttribute('id');
  if (id && isStableToken(id)) out.push({ selector: `#${cssIdent(id)}`, basis: 'id' });
  const name = el.getAttribute('name');
  if (name && isStableToken(name))
    out.push({ selector: `${tag}[name=${cssString(name)}]`, basis: 'name' });

  const dataNames = el
    .getAttributeNames()
    .filter((n) => n.startsWith('data-'))
    .sort((a, b) => rank(a) - rank(b));
  for (const n of dataNames) {
    const v = el.getAttribute(n) ?? '';
    if (isStableToken(v)) out.push({ selector: `[${n}=${cssString(v)}]`, basis: 'data' });
  }
  // The attribute's presence, when its value is data (data-id="CIF…"): the box that holds it.
  for (const n of dataNames) out.push({ selector: `${tag}[${n}]`, basis: 'data' });

  for (const n of ['aria-label', 'aria-labelledby', 'placeholder', 'title']) {
    const v = el.getAttribute(n);
    if (v && v.length <= 40 && !/\d{4,}/.test(v))
      out.push({ selector: `${tag}[${n}=${cssString(v)}]`, basis: 'label' });
  }
  const role = el.getAttribute('role');
  const classes = Array.from(el.classList).filter(stableClass);
  for (const c of classes) out.push({ selector: `${tag}.${cssIdent(c)}`, basis: 'class' });
  if (classes.length > 1)
    out.push({
      selector: `${tag}${classes.map((c) => `.${cssIdent(c)}`).join('')}`,
      basis: 'class',
    });
  if (role && isStableToken(role))
    out.push({ selector: `${tag}[role=${cssString(role)}]`, basis: 'label' });
  return out;
}

function rank(dataName: string): number {
  const i = PREFERRED_DATA.indexOf(dataName);
  return i < 0 ? PREFERRED_DATA.length : i;
}

/** The element's selector among its siblings: tag, stable classes, :nth-of-type if still alike. */
function step(el: Element): string {
  const tag = tagOf(el);
  const classes = Array.from(el.classList).filter(stableClass);
  const base = tag + classes.map((c) => `.${cssIdent(c)}`).join('');
  const parent = el.parentElement;
  if (!parent) return base;
  const alike = Array.from(parent.children).filter(
    (s) => tagOf(s) === tag && classes.every((c) => s.classList.contains(c)),
  );
  if (alike.length <= 1) return base;
  const sameTag = Array.from(parent.children).filter((s) => tagOf(s) === tag);
  return `${base}:nth-of-type(${sameTag.indexOf(el) + 1})`;
}

/** A unique selector for an ancestor from its own attributes, if it has one. */
function anchorOf(root: ParentNode, el: Element): string | undefined {
  return ownCandidates(el).find((c) => matchesOnly(root, c.selector, el))?.selector;
}

/**
 * The most robust selector that matches exactly `el` in `root` (default: its document), with
 * alternatives for a fallback list.
 */
export function robustSelector(
  el: Element,
  root: ParentNode = el.ownerDocument,
): SelectorSuggestion {
  const found: { selector: string; basis: SelectorBasis }[] = [];
  const add = (selector: string, basis: SelectorBasis): void => {
    if (!found.some((f) => f.selector === selector) && matchesOnly(root, selector, el))
      found.push({ selector, basis });
  };
  for (const c of ownCandidates(el)) add(c.selector, c.basis);

  // Anchored on the nearest ancestor that has a selector of its own.
  if (found.length < 2) {
    const chain: Element[] = [el];
    for (let a = el.parentElement; a && found.length < 3; a = a.parentElement) {
      const anchor = tagOf(a) === 'html' || tagOf(a) === 'body' ? undefined : anchorOf(root, a);
      if (anchor) {
        // The short form first (`#customer td.name`), then the exact child chain.
        add(`${anchor} ${step(el).replace(/:nth-of-type\(\d+\)$/, '')}`, 'anchored');
        add(`${anchor} > ${chain.map(step).reverse().join(' > ')}`, 'anchored');
        if (found.length > 0) break;
      }
      chain.push(a);
    }
  }
  if (found.length === 0) {
    const chain: Element[] = [];
    for (let a: Element | null = el; a && tagOf(a) !== 'html'; a = a.parentElement) chain.push(a);
    add(chain.map(step).reverse().join(' > '), 'path');
  }
  const order: SelectorBasis[] = ['id', 'name', 'data', 'label', 'class', 'anchored', 'path'];
  found.sort((a, b) => order.indexOf(a.basis) - order.indexOf(b.basis));
  const best = found[0] ?? { selector: tagOf(el), basis: 'path' as const };
  // A positional fallback behind a positional-free selector only breaks sooner: leave it out.
  const positional = (x: string): boolean => x.includes(':nth-of-type(');
  const rest = found
    .slice(1)
    .map((f) => f.selector)
    .filter((x) => positional(best.selector) || !positional(x));
  return { selector: best.selector, basis: best.basis, alternatives: rest.slice(0, 2) };
}

/**
 * A selector for every item like `el` (a transcript turn): the item's own step without its
 * position, under the nearest anchored ancestor of the list.
 */
export function listSelector(el: Element, root: ParentNode = el.ownerDocument): string {
  // The classes every sibling of the same tag shares ("row", not "row--in"/"row--out").
  const tag = tagOf(el);
  const peers = Array.from(el.parentElement?.children ?? [el]).filter((s) => tagOf(s) === tag);
  const shared = Array.from(el.classList).filter(
    (c) => stableClass(c) && peers.every((p) => p.classList.contains(c)),
  );
  const item = tag + shared.map((c) => `.${cssIdent(c)}`).join('');
  const chain: string[] = [];
  for (
    let a = el.parentElement;
    a && tagOf(a) !== 'body' && tagOf(a) !== 'html';
    a = a.parentElement
  ) {
    const anchor = anchorOf(root, a);
    if (anchor) return [anchor, ...chain.reverse(), item].join(' > ');
    chain.push(step(a));
  }
  return item;
}

const alikeSiblings = (el: Element): number => {
  const classes = Array.from(el.classList).filter(stableClass);
  return Array.from(el.parentElement?.children ?? []).filter(
    (s) =>
      tagOf(s) === tagOf(el) &&
      (classes.length === 0
        ? Array.from(s.classList).filter(stableClass).length === 0
        : classes.some((c) => s.classList.contains(c))),
  ).length;
};

/**
 * The repeated item a click inside a list landed in (the transcript turn around the clicked
 * text): the nearest ancestor-or-self that has siblings like it.
 */
export function repeatedItem(el: Element): Element {
  for (let a: Element | null = el; a && a.parentElement; a = a.parentElement) {
    if (tagOf(a) === 'body' || tagOf(a) === 'html') break;
    if (alikeSiblings(a) >= 2) return a;
  }
  return el;
}

/** A selector for `el` inside `item` (a turn's text element), or undefined when it is the item. */
export function innerSelector(el: Element, item: Element): string | undefined {
  if (el === item || !item.contains(el)) return undefined;
  const classes = Array.from(el.classList).filter(stableClass);
  const own = tagOf(el) + classes.map((c) => `.${cssIdent(c)}`).join('');
  return item.querySelector(own) === el ? own : undefined;
}

/** Who spoke a turn, as a profile's `transcript.speaker` rule. */
export interface SpeakerGuess {
  selector?: string;
  attribute: string;
  agent: string;
  customer: string;
}

const AGENT_WORD = /agent|staff|operator|service|out|right|self|mine|sent|坐席|客服|员工/i;
const CUSTOMER_WORD = /customer|client|cust|visitor|guest|user|in$|incoming|left|客户|访客|用户/i;
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Labels two values agent and customer by their words; undefined when they do not say. */
function sides(values: string[]): [string, string] | undefined {
  const agent = values.filter((v) => AGENT_WORD.test(v) && !CUSTOMER_WORD.test(v));
  const customer = values.filter((v) => CUSTOMER_WORD.test(v) && !AGENT_WORD.test(v));
  return agent.length === 1 && customer.length === 1 ? [agent[0]!, customer[0]!] : undefined;
}

/**
 * Guesses how a transcript marks its speakers from its turns: a class token, a data-*
 * attribute of the turn, or of an element inside it, whose values name an agent and a customer.
 */
export function guessSpeaker(turns: readonly Element[]): SpeakerGuess | undefined {
  if (turns.length < 2) return undefined;
  // Class tokens that some turns have and others do not.
  const tokens = new Set(turns.flatMap((t) => Array.from(t.classList)));
  const varying = [...tokens].filter((c) => !turns.every((t) => t.classList.contains(c)));
  const byClass = sides(varying);
  if (byClass) {
    const [a, c] = byClass;
    return {
      attribute: 'class',
      agent: `(^|\\s)${escapeRe(a)}(\\s|$)`,
      customer: `(^|\\s)${escapeRe(c)}(\\s|$)`,
    };
  }
  // A data-* attribute on the turn, or on the first element inside it that has it.
  const first = turns[0]!;
  const holders = [first, ...Array.from(first.querySelectorAll('*'))];
  for (const holder of holders) {
    for (const name of holder.getAttributeNames().filter((n) => n.startsWith('data-'))) {
      const inner = holder === first ? undefined : `${tagOf(holder)}[${name}]`;
      const values = new Set<string>();
      for (const t of turns) {
        const el = inner ? t.querySelector(inner) : t;
        const v = el?.getAttribute(name);
        if (v) values.add(v);
      }
      const found = sides([...values]);
      if (found) {
        const [a, c] = found;
        return {
          ...(inner ? { selector: inner } : {}),
          attribute: name,
          agent: `^${escapeRe(a)}$`,
          customer: `^${escapeRe(c)}$`,
        };
      }
    }
  }
  return undefined;
}
