/**
 * Reads a case out of one frame of a CRM page by its profile. Takes the frame's Document so
 * tests can hand it a fixture; uses textContent, never innerText, so reading forces no layout.
 */
import type { Turn } from './types.ts';
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

/** Reads one field in a frame: fallbacks in order, first non-empty value wins. */
export function readField(doc: ParentNode, rule: FieldRule): FieldReading {
  let status: FieldReading['status'] = 'missing';
  for (const sel of selectors(rule)) {
    const els = queryAll(doc, sel);
    if (els === null) {
      status = 'bad-selector';
      continue;
    }
    for (const el of els) {
      if (status === 'missing') status = 'empty';
      const raw = rawValue(el, rule.attribute);
      if (raw === undefined || raw === '') continue;
      const value = normaliseValue(raw, rule);
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

/** Reads the transcript turns in document order; turns whose speaker is unknown are skipped. */
export function readTranscript(doc: ParentNode, rule: TranscriptRule): Turn[] | undefined {
  const turns = queryAll(doc, rule.turn);
  if (!turns || turns.length === 0) return undefined;
  const out: Turn[] = [];
  for (const el of turns) {
    const speaker = speakerOf(el, rule.speaker);
    if (!speaker) continue;
    const body = rule.text ? el.querySelector(rule.text) : el;
    const text = body ? visibleText(body) : '';
    if (text) out.push({ speaker, text });
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
export function readFrame(doc: ParentNode, profile: CrmProfile, frameUrl: string): FrameReading {
  const fields: Record<string, FieldReading> = {};
  for (const [name, rule] of Object.entries(profile.fields)) {
    if (matchesGlob(frameUrl, rule.frame)) fields[name] = readField(doc, rule);
  }
  const reading: FrameReading = { fields, hasReply: false };
  if (profile.transcript && matchesGlob(frameUrl, profile.transcript.frame)) {
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
