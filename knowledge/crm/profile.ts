/**
 * CRM profiles (shared contract: crm-profile): where a CRM page keeps the case. Validation,
 * choosing the profile for a tab, and the URL matching it needs. Reading a page lives in
 * crm-reader.ts.
 */
import {
  type Check,
  type SchemaError,
  either,
  isPlainObject,
  list,
  obj,
  oneOf,
  record,
  regex,
  str,
  validate,
} from '../authoring/schema.ts';
import { LOCALES } from '../types.ts';

export interface FieldRule {
  selector: string | string[];
  /** Omitted: visible text (form value for inputs); "value": form value; else that attribute. */
  attribute?: string;
  /** Regular expression; the first capture group (or the whole match) is the value. */
  pattern?: string;
  /** Replaces an exact raw value by a normalised one. */
  map?: Record<string, string>;
  /** URL glob limiting the field to matching frames. */
  frame?: string;
}

export interface SpeakerRule {
  /** Element inside the turn to read the speaker from (default: the turn itself). */
  selector?: string;
  /** Attribute to test (default: the element's text). */
  attribute?: string;
  /** Patterns that mark an agent / a customer turn. */
  agent: string;
  customer: string;
}

export interface TranscriptRule {
  turn: string;
  speaker: SpeakerRule;
  text?: string;
  frame?: string;
}

export interface BoxRule {
  selector: string | string[];
  frame?: string;
}

/** A ticket field the case summary fills (a category select, a result-code input). */
export interface TicketFieldRule extends BoxRule {
  /** The pack's value -> what the CRM's control takes (an option's value or label). */
  map?: Record<string, string>;
}

export interface CrmProfile {
  id: string;
  name: string;
  matches: string[];
  fields: Record<string, FieldRule>;
  transcript?: TranscriptRule;
  reply?: BoxRule;
  notes?: BoxRule;
  /** Ticket fields filled from the session by the pack's summary rules, by field name. */
  ticket?: Record<string, TicketFieldRule>;
  [extra: string]: unknown;
}

const selector = either(str(), list(str(), { min: 1 }));
const opt = (check: Check) => ({ check, optional: true });

const matchPattern: Check = (v, path, errors) => {
  str()(v, path, errors);
  if (typeof v === 'string' && v.trim() !== '' && !parseMatchPattern(v))
    errors.push({ path, reason: `not a match pattern like "https://crm.example.com/*"` });
};

const selectorSyntax: Check = (v, path, errors) => {
  selector(v, path, errors);
  // CSS syntax is checked where a DOM is available (the options page); here only shape.
};

const fieldRule = obj({
  selector: { check: selectorSyntax },
  attribute: opt(str()),
  pattern: opt(regex),
  map: opt(record(str({ empty: true }))),
  frame: opt(str()),
});

const boxRule = obj({ selector: { check: selectorSyntax }, frame: opt(str()) });

export const profileSchema: Check = obj({
  id: { check: str({ pattern: /^[\w.-]+$/, hint: 'letters, digits, "_", "-" or "." only' }) },
  name: { check: str() },
  matches: { check: list(matchPattern, { min: 1 }) },
  fields: { check: record(fieldRule) },
  transcript: opt(
    obj({
      turn: { check: str() },
      speaker: {
        check: obj({
          selector: opt(str()),
          attribute: opt(str()),
          agent: { check: regex },
          customer: { check: regex },
        }),
      },
      text: opt(str()),
      frame: opt(str()),
    }),
  ),
  reply: opt(boxRule),
  notes: opt(boxRule),
  ticket: opt(
    record(
      obj({
        selector: { check: selectorSyntax },
        frame: opt(str()),
        map: opt(record(str({ empty: true }))),
      }),
    ),
  ),
  /**
   * The pack language of this CRM's cases: `auto` (decided per case), one locale, or a list of
   * both for a bilingual desk (the first comes first). Absent: `auto`.
   */
  locale: opt(either(oneOf(['auto', ...LOCALES]), list(oneOf(LOCALES), { min: 1, max: 2 }))),
});

export type ProfileResult =
  { ok: true; profile: CrmProfile } | { ok: false; errors: SchemaError[] };

/** Validates a parsed profile, reporting every error with its path. */
export function validateProfile(value: unknown): ProfileResult {
  const errors = validate(profileSchema, value);
  if (errors.length > 0 || !isPlainObject(value)) return { ok: false, errors };
  return { ok: true, profile: value as CrmProfile };
}

/** Parses JSON text and validates it as a profile. */
export function parseProfile(json: string): ProfileResult {
  try {
    return validateProfile(JSON.parse(json.replace(/^\uFEFF/, '')));
  } catch (e) {
    return { ok: false, errors: [{ path: '', reason: `not valid JSON: ${(e as Error).message}` }] };
  }
}

interface ParsedPattern {
  scheme: string;
  host: string;
  /** Absent or `*`: any port. */
  port?: string;
  path: string;
}

/** Splits a Chrome match pattern; null when it is not one. */
export function parseMatchPattern(pattern: string): ParsedPattern | null {
  if (pattern === '<all_urls>') return { scheme: '*', host: '*', path: '/*' };
  const m = /^(\*|https?|file|ftp):\/\/(\*|\*\.[^/*:]+|[^/*:]+)?(?::(\d+|\*))?(\/.*)$/.exec(
    pattern,
  );
  if (!m) return null;
  return { scheme: m[1]!, host: m[2] ?? '', port: m[3], path: m[4]! };
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

/**
 * Whether a URL matches a Chrome match pattern. Like Chrome, a pattern without a port
 * matches every port; one with a port only that port.
 */
export function matchesPattern(url: string, pattern: string): boolean {
  const p = parseMatchPattern(pattern);
  if (!p) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const scheme = u.protocol.slice(0, -1);
  if (p.scheme === '*' ? !['http', 'https'].includes(scheme) : p.scheme !== scheme) return false;
  if (p.host !== '*' && p.host !== '') {
    if (p.host.startsWith('*.')) {
      const base = p.host.slice(2);
      if (u.hostname !== base && !u.hostname.endsWith(`.${base}`)) return false;
    } else if (u.hostname !== p.host) return false;
  }
  if (p.port !== undefined && p.port !== '*') {
    const port = u.port || (scheme === 'https' ? '443' : '80');
    if (port !== p.port) return false;
  }
  return globToRegExp(p.path).test(u.pathname + u.search);
}

/** Whether a frame URL matches a profile's `frame` glob (`*` spans anything). */
export function matchesGlob(url: string, glob: string | undefined): boolean {
  return glob === undefined || globToRegExp(glob).test(url);
}

/** The profile for a tab's top-frame URL: among those that match, the longest pattern wins. */
export function chooseProfile<P extends Pick<CrmProfile, 'matches'>>(
  url: string,
  profiles: readonly P[],
): P | undefined {
  let best: P | undefined;
  let bestLength = -1;
  for (const profile of profiles) {
    for (const pattern of profile.matches) {
      if (pattern.length > bestLength && matchesPattern(url, pattern)) {
        best = profile;
        bestLength = pattern.length;
      }
    }
  }
  return best;
}

/** Selector list of a rule, fallbacks in order. */
export function selectors(rule: { selector: string | string[] }): string[] {
  return Array.isArray(rule.selector) ? rule.selector : [rule.selector];
}

/**
 * The attributes whose changes can alter what a profile reads: those it reads values or
 * speakers from and those its selectors test. A page observer can ignore every other one.
 */
export function observedAttributes(profile: CrmProfile): string[] {
  const names = new Set(['id', 'class', 'value', 'selected', 'checked', 'contenteditable']);
  const fromSelector = (sel: string): void => {
    for (const m of sel.matchAll(/\[\s*([\w:-]+)/g)) names.add(m[1]!.toLowerCase());
  };
  const rules: { selector: string | string[]; attribute?: string }[] = [
    ...Object.values(profile.fields),
    ...(profile.reply ? [profile.reply] : []),
    ...(profile.notes ? [profile.notes] : []),
    ...Object.values(profile.ticket ?? {}),
  ];
  for (const rule of rules) {
    selectors(rule).forEach(fromSelector);
    if (rule.attribute && rule.attribute !== 'value') names.add(rule.attribute.toLowerCase());
  }
  const t = profile.transcript;
  if (t) {
    [t.turn, t.text ?? '', t.speaker.selector ?? ''].forEach(fromSelector);
    if (t.speaker.attribute) names.add(t.speaker.attribute.toLowerCase());
  }
  return [...names].sort();
}

/** A profile in the options page's list: where it comes from, and whether it replaces a bundled one. */
export interface ListedProfile {
  profile: CrmProfile;
  /** `policy`: pushed by IT through browser policy; locked in the console. */
  source: 'bundled' | 'user' | 'policy';
  /** A user profile with the id of a bundled one: it takes the bundled one's place. */
  replacesBundled?: boolean;
}

/** The profiles in force: bundled ones, with user profiles replacing those of the same id. */
export function mergeProfiles(
  bundled: readonly CrmProfile[],
  user: readonly CrmProfile[],
  policy: readonly CrmProfile[] = [],
): ListedProfile[] {
  const policyIds = new Set(policy.map((p) => p.id));
  const userIds = new Set(user.map((p) => p.id));
  const bundledIds = new Set(bundled.map((p) => p.id));
  return [
    ...bundled
      .filter((p) => !userIds.has(p.id) && !policyIds.has(p.id))
      .map((profile) => ({ profile, source: 'bundled' as const })),
    ...user
      .filter((p) => !policyIds.has(p.id))
      .map((profile) => ({
        profile,
        source: 'user' as const,
        ...(bundledIds.has(profile.id) ? { replacesBundled: true } : {}),
      })),
    ...policy.map((profile) => ({ profile, source: 'policy' as const })),
  ];
}

/** Every CSS selector of a profile with its path, for a syntax check where a DOM exists. */
export function profileSelectors(profile: CrmProfile): { path: string; selector: string }[] {
  const out: { path: string; selector: string }[] = [];
  const add = (path: string, rule: { selector: string | string[] }): void => {
    if (Array.isArray(rule.selector))
      rule.selector.forEach((selector, i) =>
        out.push({ path: `${path}.selector[${i}]`, selector }),
      );
    else out.push({ path: `${path}.selector`, selector: rule.selector });
  };
  for (const [name, rule] of Object.entries(profile.fields)) add(`fields.${name}`, rule);
  if (profile.reply) add('reply', profile.reply);
  if (profile.notes) add('notes', profile.notes);
  for (const [name, rule] of Object.entries(profile.ticket ?? {})) add(`ticket.${name}`, rule);
  const t = profile.transcript;
  if (t) {
    out.push({ path: 'transcript.turn', selector: t.turn });
    if (t.text) out.push({ path: 'transcript.text', selector: t.text });
    if (t.speaker.selector)
      out.push({ path: 'transcript.speaker.selector', selector: t.speaker.selector });
  }
  return out;
}

/** The origin pattern (`https://crm.example.com/*`) a host permission for a match pattern needs. */
export function originPattern(pattern: string): string | null {
  const p = parseMatchPattern(pattern);
  if (!p || pattern === '<all_urls>') return null;
  return `${p.scheme}://${p.host}/*`;
}
