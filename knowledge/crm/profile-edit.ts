/**
 * Editing a CRM profile draft in the console's picker: a new draft for a tab, a picked element
 * applied to a field, the reply box, the notes or the transcript, selectors typed by hand,
 * and what a live test of the draft found in each frame. Pure, so it is tested in Node.
 */
import type { CrmProfile } from './profile.ts';
import { mergeFrames, type FieldReading, type FrameReading } from './reader.ts';

/** What the picker reports when the trainer clicks an element in a CRM frame. */
export interface PickedElement {
  /** The profile entry being mapped: a field name, `reply`, `notes` or `transcript.turn`. */
  target: string;
  selector: string;
  /** Other selectors that match the same element: the rule's fallbacks. */
  alternatives: string[];
  basis: string;
  /** For a transcript turn: the selector of the text inside it, when the click was on that. */
  text?: string;
  /** For a transcript turn: how the turns mark agent and customer, when the markup tells. */
  speaker?: { selector?: string; attribute: string; agent: string; customer: string };
  /** What the profile would read there now. */
  value: string;
  frameUrl: string;
  topFrame: boolean;
}

/** One frame's live test of a draft: its reading and how many elements each selector matched. */
export interface FrameTest {
  url: string;
  topFrame: boolean;
  reading: FrameReading;
  /** By entry, one count per selector; negative for a selector the browser refused. */
  counts: Record<string, number[]>;
}

/** What the live test found for one profile entry, merged over frames and per frame. */
export interface TargetResult {
  status: FieldReading['status'];
  value?: string;
  frames: { url: string; topFrame: boolean; status: string; value?: string; count: number }[];
}

/** The entries mapped after the fields, in the order the picker lists them. */
export const TARGETS_AFTER = ['reply', 'notes', 'transcript.turn'] as const;

/** The speakers' default guess: class names `agent` and `customer`. */
const DEFAULT_SPEAKER = { attribute: 'class', agent: 'agent', customer: 'customer' };

/** An empty draft named after a tab's host, matching that host (or a placeholder). */
export function newProfile(url: string | undefined): CrmProfile {
  let host = 'crm';
  let matches: string[] = [];
  try {
    const u = new URL(url ?? '');
    host = u.hostname;
    matches = [`${u.protocol}//${u.hostname}/*`];
  } catch {
    /* no tab chosen yet */
  }
  return {
    id: host.replace(/[^\w.-]+/g, '-'),
    name: host,
    matches,
    fields: {},
  };
}

/** A URL glob that limits a rule to the frame it was picked in (path only: origins vary). */
function frameGlob(url: string): string {
  try {
    return `*${new URL(url).pathname}*`;
  } catch {
    return '*';
  }
}

/** The selectors of one entry of a profile (none when it is not mapped). */
export function ruleSelectors(profile: CrmProfile, target: string): string[] {
  if (target === 'transcript.turn') return profile.transcript ? [profile.transcript.turn] : [];
  const rule =
    target === 'reply'
      ? profile.reply
      : target === 'notes'
        ? profile.notes
        : profile.fields[target];
  if (!rule) return [];
  return Array.isArray(rule.selector) ? rule.selector : [rule.selector];
}

/** Applies a pick to a profile: the selector and its fallbacks, and the frame when not the top. */
export function applyPick(profile: CrmProfile, p: PickedElement): CrmProfile {
  const selector = p.alternatives.length > 0 ? [p.selector, ...p.alternatives] : p.selector;
  const frame = p.topFrame ? {} : { frame: frameGlob(p.frameUrl) };
  if (p.target === 'transcript.turn') {
    return {
      ...profile,
      transcript: {
        speaker: profile.transcript?.speaker ?? DEFAULT_SPEAKER,
        ...profile.transcript,
        turn: p.selector,
        ...(p.text ? { text: p.text } : {}),
        // What the turns' markup says about speakers beats the default guess.
        ...(p.speaker ? { speaker: p.speaker } : {}),
        ...frame,
      },
    };
  }
  if (p.target === 'reply' || p.target === 'notes')
    return { ...profile, [p.target]: { selector, ...frame } };
  const old = profile.fields[p.target];
  const { frame: _drop, ...kept } = old ?? { selector };
  return {
    ...profile,
    fields: { ...profile.fields, [p.target]: { ...kept, selector, ...frame } },
  };
}

/**
 * Sets an entry's selectors as typed, one a line (a transcript takes the first); blank text
 * leaves the profile as it was.
 */
export function setSelectors(profile: CrmProfile, target: string, text: string): CrmProfile {
  const list = text
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length === 0) return profile;
  const selector = list.length === 1 ? list[0]! : list;
  if (target === 'transcript.turn')
    return {
      ...profile,
      transcript: { speaker: DEFAULT_SPEAKER, ...profile.transcript, turn: list[0]! },
    };
  if (target === 'reply' || target === 'notes')
    return { ...profile, [target]: { ...profile[target], selector } };
  return {
    ...profile,
    fields: { ...profile.fields, [target]: { ...profile.fields[target], selector } },
  };
}

/** Is this a name a new field may take (an identifier)? */
export const isFieldName = (name: string): boolean => /^[A-Za-z_]\w*$/.test(name);

/** Adds a field with a placeholder selector, for the trainer to pick or type. */
export function addField(profile: CrmProfile, name: string): CrmProfile {
  return {
    ...profile,
    fields: { ...profile.fields, [name]: { selector: `[data-field="${name}"]` } },
  };
}

/** The entries the picker lists: the known fields, the profile's own, then the boxes. */
export function pickTargets(profile: CrmProfile, known: readonly string[]): string[] {
  return [
    ...known,
    ...Object.keys(profile.fields).filter((f) => !known.includes(f)),
    ...TARGETS_AFTER,
  ];
}

/** The status of the reply or notes box over the frames' selector counts. */
function boxStatus(tests: FrameTest[], target: 'reply' | 'notes'): TargetResult['status'] {
  const counts = tests.flatMap((f) => f.counts[target] ?? []);
  if (counts.some((c) => c > 0)) return 'ok';
  return counts.some((c) => c < 0) ? 'bad-selector' : 'missing';
}

/** The transcript's result: the last turns read, else why there are none. */
function transcriptResult(tests: FrameTest[], turns: FrameReading['transcript']): TargetResult {
  const read = turns ?? [];
  const counts = tests.flatMap((f) => f.counts['transcript.turn'] ?? []);
  return {
    status:
      read.length > 0
        ? 'ok'
        : counts.some((c) => c < 0)
          ? 'bad-selector'
          : counts.some((c) => c > 0)
            ? 'empty'
            : 'missing',
    value: read
      .map((t) => `${t.speaker}: ${t.text}`)
      .slice(-3)
      .join(' / '),
    frames: frameResults(tests, 'transcript.turn', (f) => ({
      status: f.reading.transcript ? 'ok' : 'missing',
      value: String(f.reading.transcript?.length ?? 0),
    })),
  };
}

function frameResults(
  tests: FrameTest[],
  target: string,
  one: (f: FrameTest) => { status: string; value?: string },
): TargetResult['frames'] {
  return tests.map((f) => ({
    url: f.url,
    topFrame: f.topFrame,
    count: Math.max(0, ...(f.counts[target] ?? [0])),
    ...one(f),
  }));
}

/** Merges the frames' test results into one result per profile entry. */
export function summarise(profile: CrmProfile, tests: FrameTest[]): Record<string, TargetResult> {
  const merged = mergeFrames(tests.map((f) => f.reading));
  const out: Record<string, TargetResult> = {};
  for (const name of Object.keys(profile.fields)) {
    const m = merged.fields[name] ?? { status: 'missing' as const };
    out[name] = {
      status: m.status,
      ...(m.value !== undefined ? { value: m.value } : {}),
      frames: frameResults(tests, name, (f) => f.reading.fields[name] ?? { status: 'skipped' }),
    };
  }
  if (profile.reply)
    out.reply = {
      status: boxStatus(tests, 'reply'),
      frames: frameResults(tests, 'reply', (f) => ({
        status: f.reading.hasReply ? 'ok' : 'missing',
      })),
    };
  if (profile.notes)
    out.notes = {
      status: boxStatus(tests, 'notes'),
      ...(merged.notes !== undefined ? { value: merged.notes } : {}),
      frames: frameResults(tests, 'notes', (f) => ({
        status: f.reading.notes !== undefined ? 'ok' : 'missing',
        ...(f.reading.notes !== undefined ? { value: f.reading.notes } : {}),
      })),
    };
  if (profile.transcript) out['transcript.turn'] = transcriptResult(tests, merged.transcript);
  return out;
}
