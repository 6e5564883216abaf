/**
 * Reads a case out of one frame of a CRM page by its profile. Takes the frame's Document so
 * tests can hand it a fixture; uses textContent, never innerText, so reading forces no layout.
 */
import type { Turn } from '../types.ts';
import {
  type BoxRule,
  type CrmProfile,
  type FieldRule,
  type TranscriptRule,
  matchesGlob,
  selectors,
} from './profile.ts';

/** What one field's rule found in a frame: a value, or why none. */
export interface FieldReading {
  value?: string;
  /** `missing`: no selector matched an element; `empty`: elements matched but held no value. */
  status: 'ok' | 'missing' | 'empty' | 'bad-selector';
  /** The selector that produced the value. */
  selector?: string;
}

/** Everything a frame contributes to the case. */
export interface FrameReading {
  fields: Record<string, FieldReading>;
  /** Present when this frame holds the transcript. */
  transcript?: Turn[];
  hasReply: boolean;
  /** Present when this frame holds the notes field. */
  notes?: string;
  /** What the frame's document declares about its language (see `pageDeclaration`). */
  page?: { lang?: string; charset?: string };
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

function formValue(el: Element): string | undefined {
  const tag = el.tagName.toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select')
    return (el as HTMLInputElement).value;
  return undefined;
}

/** The text a person sees in an element, without forcing layout (form controls: their value). */
export function visibleText(el: Element): string {
  const value = formValue(el);
  if (value !== undefined) return value.trim();
  return collapse(el.textContent ?? '');
}

function rawValue(el: Element, attribute: string | undefined): string | undefined {
  if (attribute === undefined) return visibleText(el);
  if (attribute === 'value') return (formValue(el) ?? el.getAttribute('value') ?? '').trim();
  const v = el.getAttribute(attribute);
  return v === null ? undefined : v.trim();
}

const patternCache = new Map<string, RegExp>();
function compiled(source: string, flags = 'u'): RegExp {
  const key = `${flags}/${source}`;
  let re = patternCache.get(key);
  if (!re) {
    re = new RegExp(source, flags);
    patternCache.set(key, re);
  }
  return re;
}

/** Applies a rule's pattern and map to a raw value. */
export function normaliseValue(raw: string, rule: Pick<FieldRule, 'pattern' | 'map'>): string {
  let value = raw;
  if (rule.pattern) {
    const m = compiled(rule.pattern).exec(value);
    value = m ? (m[1] ?? m[0]).trim() : '';
  }
  if (rule.map && Object.prototype.hasOwnProperty.call(rule.map, value)) value = rule.map[value]!;
  return value;
}

function queryAll(doc: ParentNode, selector: string): Element[] | null {
  try {
    return Array.from(doc.querySelectorAll(selector));
  } catch {
    return null; // an invalid selector in a profile: reported, never thrown into the page
  }
}

function queryFirst(doc: ParentNode, selector: string): Element | null | undefined {
  try {
    return doc.querySelector(selector);
  } catch {
    return undefined; // invalid selector
  }
}

/** The value a rule reads from one element; '' when it holds none. */
function valueOf(el: Element, rule: FieldRule): string {
  const raw = rawValue(el, rule.attribute);
  return raw === undefined || raw === '' ? '' : normaliseValue(raw, rule);
}

/**
 * Reads one field in a frame: fallbacks in order, first non-empty value wins. The first match
 * is found without walking the rest of the page; only an empty first match looks further.
 */
export function readField(doc: ParentNode, rule: FieldRule): FieldReading {
  let status: FieldReading['status'] = 'missing';
  for (const sel of selectors(rule)) {
    const first = queryFirst(doc, sel);
    if (first === undefined) {
      status = 'bad-selector';
      continue;
    }
    if (first === null) continue;
    status = 'empty';
    let value = valueOf(first, rule);
    if (value !== '') return { value, status: 'ok', selector: sel };
    for (const el of queryAll(doc, sel) ?? []) {
      if (el === first) continue;
      value = valueOf(el, rule);
      if (value !== '') return { value, status: 'ok', selector: sel };
    }
  }
  return { status };
}

/** Decides who spoke a turn; undefined when neither pattern matches. */
function speakerOf(turn: Element, rule: TranscriptRule['speaker']): Turn['speaker'] | undefined {
  const el = rule.selector ? turn.querySelector(rule.selector) : turn;
  if (!el) return undefined;
  const probe = rule.attribute ? (el.getAttribute(rule.attribute) ?? '') : visibleText(el);
  if (compiled(rule.agent).test(probe)) return 'agent';
  if (compiled(rule.customer).test(probe)) return 'customer';
  return undefined;
}

function readTurn(el: Element, rule: TranscriptRule): Turn | null {
  const speaker = speakerOf(el, rule.speaker);
  if (!speaker) return null;
  const body = rule.text ? el.querySelector(rule.text) : el;
  const text = body ? visibleText(body) : '';
  return text ? { speaker, text } : null;
}

/**
 * Reads the transcript turns in document order; turns whose speaker is unknown are skipped.
 * With a cache, a turn element read before (and not changed since) is not read again.
 */
export function readTranscript(
  doc: ParentNode,
  rule: TranscriptRule,
  cache?: WeakMap<Element, Turn | null>,
): Turn[] | undefined {
  const turns = queryAll(doc, rule.turn);
  if (!turns || turns.length === 0) return undefined;
  const out: Turn[] = [];
  for (const el of turns) {
    let turn = cache?.get(el);
    if (turn === undefined) {
      turn = readTurn(el, rule);
      cache?.set(el, turn);
    }
    if (turn) out.push(turn);
  }
  return out;
}

/** The first element a box rule (reply, notes) selects in this frame. */
export function findBox(doc: ParentNode, rule: BoxRule | undefined): Element | null {
  if (!rule) return null;
  for (const sel of selectors(rule)) {
    const els = queryAll(doc, sel);
    if (els && els[0]) return els[0];
  }
  return null;
}

/** The text an agent typed into a reply or notes box (input, textarea or contenteditable). */
export function boxText(el: Element): string {
  const value = formValue(el);
  if (value !== undefined) return value;
  return el.textContent ?? '';
}

/** Reads everything the profile asks of one frame, honouring each rule's frame glob. */
export function readFrame(
  doc: ParentNode,
  profile: CrmProfile,
  frameUrl: string,
  options: { transcript?: boolean } = {},
): FrameReading {
  const fields: Record<string, FieldReading> = {};
  for (const [name, rule] of Object.entries(profile.fields)) {
    if (matchesGlob(frameUrl, rule.frame)) fields[name] = readField(doc, rule);
  }
  const reading: FrameReading = { fields, hasReply: false };
  const withTranscript = options.transcript ?? true;
  if (withTranscript && profile.transcript && matchesGlob(frameUrl, profile.transcript.frame)) {
    const transcript = readTranscript(doc, profile.transcript);
    if (transcript) reading.transcript = transcript;
  }
  if (profile.reply && matchesGlob(frameUrl, profile.reply.frame))
    reading.hasReply = findBox(doc, profile.reply) !== null;
  if (profile.notes && matchesGlob(frameUrl, profile.notes.frame)) {
    const notes = findBox(doc, profile.notes);
    if (notes) reading.notes = boxText(notes);
  }
  return reading;
}

/**
 * Merges the readings of a tab's frames (given in document order): for each field the first
 * frame with a value wins; a field no frame found keeps the most telling status.
 */
export function mergeFrames(readings: readonly FrameReading[]): FrameReading {
  const merged: FrameReading = { fields: {}, hasReply: false };
  const rank = { ok: 3, 'bad-selector': 2, empty: 1, missing: 0 } as const;
  for (const r of readings) {
    for (const [name, f] of Object.entries(r.fields)) {
      const prev = merged.fields[name];
      if (!prev || rank[f.status] > rank[prev.status]) merged.fields[name] = f;
    }
    if (r.transcript && !merged.transcript) merged.transcript = r.transcript;
    if (r.notes !== undefined && merged.notes === undefined) merged.notes = r.notes;
    merged.hasReply ||= r.hasReply;
  }
  return merged;
}

/** The smallest element holding every turn: changes outside it cannot alter the transcript. */
function turnsArea(doc: ParentNode, rule: TranscriptRule): Element | null {
  const first = queryFirst(doc, rule.turn);
  if (!first) return null;
  const all = queryAll(doc, rule.turn) ?? [];
  const last = all[all.length - 1] ?? first;
  let area: Element | null = first.parentElement ?? first;
  while (area && !area.contains(last)) area = area.parentElement;
  return area;
}

/** What a page observer calls: read when something may have changed, say what changed. */
export interface ChangeReader {
  /** Reads the frame; the reading when it differs from the last one, else null. */
  read(): FrameReading | null;
  /** Tells the reader what the page changed, so an untouched transcript is not read again. */
  note(records: readonly MutationRecord[]): void;
}

/**
 * What a document declares about its language: `<html lang>` (or `xml:lang`) and its charset —
 * the one a `<meta>` declares, else the one the browser decoded it with. Absent parts are left out.
 */
export function pageDeclaration(doc: Document): { lang?: string; charset?: string } {
  const root = doc.documentElement as Element | null;
  const lang =
    root?.getAttribute('lang')?.trim() ||
    root?.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'lang')?.trim() ||
    root?.getAttribute('xml:lang')?.trim();
  const meta = doc.querySelector('meta[charset]')?.getAttribute('charset')?.trim();
  const equiv = Array.from(doc.querySelectorAll('meta[http-equiv]'))
    .find((m) => m.getAttribute('http-equiv')?.trim().toLowerCase() === 'content-type')
    ?.getAttribute('content')
    ?.match(/charset\s*=\s*["']?([\w-]+)/i)?.[1];
  const charset = meta || equiv || doc.characterSet;
  return { ...(lang ? { lang } : {}), ...(charset ? { charset } : {}) };
}

/**
 * A frame's reader for a page observer. Fields are read every time (a first-match query
 * each); the transcript, the one part that grows with the page, only when a change touched
 * its area or brought in new turns.
 */
export function changeReader(doc: Document, profile: CrmProfile, url: () => string): ChangeReader {
  let last = '';
  let dirty = true;
  let area: Element | null = null;
  let turns: Turn[] | undefined;
  let turnsKey = '';
  let version = 0;
  const rule = profile.transcript;

  const brings = (nodes: NodeList): boolean => {
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (n.nodeType !== 1 || !rule) continue;
      const el = n as Element;
      if (el.matches(rule.turn) || el.querySelector(rule.turn)) return true;
    }
    return false;
  };
  const cache = new WeakMap<Element, Turn | null>();
  const turnOf = (n: Node): Element | null => {
    const el = n.nodeType === 1 ? (n as Element) : n.parentElement;
    return el && rule ? el.closest(rule.turn) : null;
  };
  const touches = (r: MutationRecord): boolean => {
    if (!area || !area.isConnected) return true;
    if (area.contains(r.target)) {
      // Inside one turn: only that turn is read again; the list is re-queried for order.
      const turn = turnOf(r.target);
      if (turn) cache.delete(turn);
      return true;
    }
    if (!r.target.contains(area)) return r.type === 'childList' && brings(r.addedNodes);
    // An ancestor changed: its attributes may change what matches; children may replace the area.
    return r.type !== 'childList' || brings(r.addedNodes) || !area.isConnected;
  };

  return {
    note(records) {
      if (!rule) return;
      for (const r of records) {
        try {
          // Once dirty, only records inside the area still matter (to drop changed turns).
          if (dirty && !(area?.contains(r.target) ?? false)) continue;
          if (touches(r)) dirty = true;
        } catch {
          dirty = true; // an invalid turn selector: the full read reports it
        }
      }
    },
    read() {
      const frameUrl = url();
      const reading = readFrame(doc, profile, frameUrl, { transcript: false });
      reading.page = pageDeclaration(doc);
      if (rule && matchesGlob(frameUrl, rule.frame)) {
        if (dirty) {
          const next = readTranscript(doc, rule, cache);
          // Unchanged turns are the same cached objects: comparing references is enough.
          const same =
            next?.length === turns?.length && (next ?? []).every((t, i) => t === turns![i]);
          if (!same) turnsKey = String(++version);
          turns = next;
          area = turnsArea(doc, rule);
          dirty = false;
        }
        if (turns) reading.transcript = turns;
      }
      const key = `${JSON.stringify(reading.fields)}|${JSON.stringify(reading.page)}|${reading.hasReply}|${reading.notes}|${turnsKey}`;
      if (key === last) return null;
      last = key;
      return reading;
    },
  };
}
