/**
 * The SOP checklist engine: which steps apply to a case, and which turns tick them.
 * Steps, detectors, conditions and triggers are pack data; this module only evaluates them.
 */
import { anyOf, prepare } from './patterns.ts';
import { evaluateContext, type CaseFacts } from './context.ts';
import type { CaseTrigger, Detector, Pack, SopStep } from '../authoring/pack.ts';
import type { CaseContext, Speaker } from '../types.ts';

export type TriggerId = CaseTrigger['id'];

/** A trigger's field tests hold (a field not read holds nothing: the trigger waits). */
function fieldsHold(ct: CompiledTrigger, facts: CaseFacts): boolean {
  const fields = ct.trigger.fields;
  return !fields?.length || evaluateContext({ fields }, facts).state === 'holds';
}

const factsOf = (state: SopState, at: number): CaseFacts => ({
  context: state.context,
  ...(state.read ? { read: state.read } : {}),
  now: at,
  utcOffsetMinutes: 0, // triggers test no hours
});

interface CompiledDetector {
  detector: Detector;
  speaker: Speaker;
  all: RegExp[];
  any: RegExp | null;
  none: RegExp | null;
}

export interface CompiledStep {
  step: SopStep;
  detectors: CompiledDetector[];
  /** Ids of its sub-steps. */
  children: string[];
}

interface CompiledTrigger {
  trigger: CaseTrigger;
  products: RegExp | null;
  patterns: RegExp | null;
}

export interface CompiledSop {
  steps: CompiledStep[];
  byId: Map<string, CompiledStep>;
  triggers: CompiledTrigger[];
}

/** Compiles the steps and triggers of a pack set (earlier packs win on the same step id). */
export function compileSop(packs: Pack[]): CompiledSop {
  const steps: CompiledStep[] = [];
  const byId = new Map<string, CompiledStep>();
  const triggers: CompiledTrigger[] = [];
  for (const pack of packs) {
    const terms = pack.guard?.terms;
    for (const step of pack.steps ?? []) {
      if (byId.has(step.id)) continue;
      const cs: CompiledStep = {
        step,
        children: [],
        detectors: step.detectors.map((d) => ({
          detector: d,
          speaker: d.speaker ?? 'agent',
          all: (d.all ?? []).map((p) => anyOf([p], terms)!),
          any: anyOf(d.any, terms),
          none: anyOf(d.none, terms),
        })),
      };
      steps.push(cs);
      byId.set(step.id, cs);
    }
    for (const trigger of pack.triggers ?? []) {
      triggers.push({
        trigger,
        products: anyOf(trigger.products, terms),
        patterns: anyOf(trigger.patterns, terms),
      });
    }
  }
  for (const cs of steps) {
    if (cs.step.parent) byId.get(cs.step.parent)?.children.push(cs.step.id);
  }
  return { steps, byId, triggers };
}

/** How and when a step was ticked. */
export interface StepState {
  done: boolean;
  how?: 'auto' | 'manual';
  /** Index of the turn that ticked it (manual: the last turn seen then; -1 before any turn). */
  turn?: number;
  /** Epoch ms. */
  at?: number;
  /** Who ticked it by hand (agent id), when known. */
  by?: string;
  /** A question was asked (e.g. identity details): ticks when the other party answers. */
  pendingTurn?: number;
  /** For detectors with scope `sinceTrigger`: which `all` patterns have matched so far. */
  seen?: boolean[][];
}

export interface TriggerState {
  /** Turn index that set it; null when set by the case type or product. */
  turn: number | null;
  at: number;
}

/** What the checklist needs to know about a case. */
export interface SopState {
  context: CaseContext;
  /** The CRM fields the page shows, with a value or empty (absent: those in `context`). */
  read?: string[];
  steps: Record<string, StepState>;
  triggers: Partial<Record<TriggerId, TriggerState>>;
}

/** Does a step apply to the case as it stands (case type, channel, triggers)? */
export function stepApplies(sop: CompiledSop, state: SopState, stepId: string): boolean {
  const cs = sop.byId.get(stepId);
  if (!cs) return false;
  const when = cs.step.when;
  if (when?.caseTypes && !when.caseTypes.includes(state.context.caseType ?? '')) return false;
  if (when?.channels && !(when.channels as string[]).includes(state.context.channel ?? ''))
    return false;
  if (when?.trigger && !state.triggers[when.trigger]) return false;
  if (cs.step.parent && !stepApplies(sop, state, cs.step.parent)) return false;
  return true;
}

/** Sets triggers that follow from the case itself (case type, product). */
export function contextTriggers(sop: CompiledSop, state: SopState, at: number): void {
  for (const ct of sop.triggers) {
    const id = ct.trigger.id;
    if (state.triggers[id]) continue;
    const byType = ct.trigger.caseTypes?.includes(state.context.caseType ?? '') ?? false;
    const product = state.context.product;
    const byProduct = !!(ct.products && product && ct.products.test(prepare(product).text));
    if ((byType || byProduct) && fieldsHold(ct, factsOf(state, at)))
      state.triggers[id] = { turn: null, at };
  }
}

function detectorMatches(cd: CompiledDetector, text: string): boolean {
  if (cd.none && cd.none.test(text)) return false;
  if (cd.any && !cd.any.test(text)) return false;
  return cd.all.every((re) => re.test(text));
}

/**
 * Advances the checklist by one transcript turn (mutates `state`). Returns the ids of the
 * steps it ticked. `text` is the turn's prepared (folded) text; `previous` the same speaker's
 * turn before it, which counts for a step whose trigger this turn sets (the reason for a
 * referral is often given just before it).
 */
export function advance(
  sop: CompiledSop,
  state: SopState,
  speaker: Speaker,
  text: string,
  index: number,
  at: number,
  previous?: string,
): string[] {
  const ticked: string[] = [];
  const fresh = new Set<string>();
  for (const ct of sop.triggers) {
    const id = ct.trigger.id;
    if (state.triggers[id] || !ct.patterns) continue;
    if (ct.trigger.speaker && ct.trigger.speaker !== speaker) continue;
    if (ct.patterns.test(text) && fieldsHold(ct, factsOf(state, at))) {
      state.triggers[id] = { turn: index, at };
      fresh.add(id);
    }
  }
  const tick = (id: string, turn: number): void => {
    const prev = state.steps[id];
    state.steps[id] = { done: true, how: 'auto', turn, at };
    if (prev?.seen) state.steps[id]!.seen = prev.seen;
    ticked.push(id);
  };
  for (const cs of sop.steps) {
    const id = cs.step.id;
    const st = state.steps[id] ?? { done: false };
    if (st.done || heldBySubSteps(sop, state, id)) continue;
    if (st.pendingTurn !== undefined && index > st.pendingTurn) {
      const asker = cs.detectors.find((d) => d.detector.reply)?.speaker ?? 'agent';
      if (speaker !== asker) {
        tick(id, index);
        continue;
      }
    }
    for (let k = 0; k < cs.detectors.length; k++) {
      const cd = cs.detectors[k]!;
      if (cd.detector.source === 'notes' || cd.speaker !== speaker) continue;
      if (cd.detector.scope === 'sinceTrigger') {
        const trig = cs.step.when?.trigger ? state.triggers[cs.step.when.trigger] : undefined;
        if (!trig) continue;
        if (cd.none && cd.none.test(text)) continue;
        // Told over several turns: each pattern ("any" counts as one more) may match a different turn.
        const parts = cd.any ? [...cd.all, cd.any] : cd.all;
        const seen = (st.seen ??= cs.detectors.map(() => []));
        const row = (seen[k] ??= []);
        const seed = previous !== undefined && fresh.has(cs.step.when!.trigger!) ? previous : '';
        parts.forEach((re, p) => {
          if (re.test(text) || (seed && re.test(seed))) row[p] = true;
        });
        state.steps[id] = st;
        if (parts.every((_, p) => row[p] === true)) {
          tick(id, index);
          break;
        }
        continue;
      }
      if (!detectorMatches(cd, text)) continue;
      if (cd.detector.reply) {
        state.steps[id] = { ...st, pendingTurn: index };
        continue;
      }
      tick(id, index);
      break;
    }
  }
  settleParents(sop, state, index, at, ticked);
  return ticked;
}

/** A parent with applicable sub-steps is done once all of them (but optional ones) are done. */
function settleParents(
  sop: CompiledSop,
  state: SopState,
  index: number,
  at: number,
  ticked: string[],
): void {
  for (const cs of sop.steps) {
    if (cs.children.length === 0 || state.steps[cs.step.id]?.done) continue;
    const required = cs.children.filter(
      (c) => stepApplies(sop, state, c) && !sop.byId.get(c)!.step.optional,
    );
    if (required.length === 0) continue;
    if (required.every((c) => state.steps[c]?.done)) {
      state.steps[cs.step.id] = { done: true, how: 'auto', turn: index, at };
      ticked.push(cs.step.id);
    }
  }
}

/** Is a parent step held open by sub-steps (then its own detectors do not tick it)? */
export function heldBySubSteps(sop: CompiledSop, state: SopState, stepId: string): boolean {
  const cs = sop.byId.get(stepId);
  return !!cs && cs.children.some((c) => stepApplies(sop, state, c));
}

/** Re-evaluates the steps whose detectors read the notes field (mutates `state`). */
export function checkNotes(
  sop: CompiledSop,
  state: SopState,
  notes: string,
  index: number,
  at: number,
): void {
  const text = prepare(notes).text.trim();
  for (const cs of sop.steps) {
    const dets = cs.detectors.filter((d) => d.detector.source === 'notes');
    if (dets.length === 0) continue;
    const ok = dets.some(
      (d) => text.length >= (d.detector.minLength ?? 1) && detectorMatches(d, text),
    );
    const st = state.steps[cs.step.id];
    if (ok && !st?.done) state.steps[cs.step.id] = { done: true, how: 'auto', turn: index, at };
    // Notes emptied again: an automatic tick no longer holds; a manual one stays.
    if (!ok && st?.done && st.how === 'auto') state.steps[cs.step.id] = { done: false };
  }
}
