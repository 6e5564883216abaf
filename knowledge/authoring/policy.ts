/**
 * Enterprise policy: what IT pushes through the browser's managed storage
 * (public/managed_schema.json). Values policy sets override the agent's own and are shown
 * locked in the console. Parsing is pure, so it is tested in Node.
 */
import { PACK_LANGUAGES } from '../types.ts';
import { parsePack, type Pack } from './pack.ts';

/** Settings policy may set (a subset of Settings, same names). */
export const POLICY_SETTINGS = [
  'agentId',
  'team',
  'role',
  'language',
  'packLanguage',
  'retentionDays',
  'centreEndpoint',
  'centreDatabase',
  'centreUser',
  'centreKey',
  'agentIdSource',
] as const;
export type PolicySetting = (typeof POLICY_SETTINGS)[number];

export interface Policy {
  settings: Partial<Record<PolicySetting, string | number>>;
  /** Packs pushed by IT: always installed; cannot be removed in the console. */
  packs: Pack[];
  /** CRM profiles pushed by IT, as parsed JSON (validated by the profiles module). */
  profiles: unknown[];
  /** Pack ids policy disables, and the order of precedence it fixes (when set). */
  disabledPacks?: string[];
  packOrder?: string[];
  /** Policy entries that could not be read, with why (shown to the trainer). */
  problems: string[];
}

const LANGUAGES = new Set(['auto', 'zh-CN', 'en']);
const PACK_LANGUAGE_SET = new Set<string>(PACK_LANGUAGES);

/** Reads the raw managed-storage object into a policy, skipping (and naming) bad entries. */
export function parsePolicy(raw: Record<string, unknown> | undefined | null): Policy {
  const policy: Policy = { settings: {}, packs: [], profiles: [], problems: [] };
  if (!raw) return policy;
  for (const key of POLICY_SETTINGS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (key === 'retentionDays') {
      if (typeof v === 'number' && v >= 1) policy.settings.retentionDays = Math.floor(v);
      else policy.problems.push(`retentionDays: expected a number of days`);
    } else if (key === 'language' && !(typeof v === 'string' && LANGUAGES.has(v))) {
      policy.problems.push(`language: expected auto, zh-CN or en`);
    } else if (key === 'packLanguage' && !(typeof v === 'string' && PACK_LANGUAGE_SET.has(v))) {
      policy.problems.push(`packLanguage: expected auto, zh-CN, en or both`);
    } else if (key === 'agentIdSource' && v !== 'settings' && v !== 'crm') {
      policy.problems.push(`agentIdSource: expected settings or crm`);
    } else if (typeof v === 'string' && v.trim() !== '') policy.settings[key] = v.trim();
    else policy.problems.push(`${key}: expected text`);
  }
  const list = (name: string): unknown[] => {
    const v = raw[name];
    if (v === undefined) return [];
    if (Array.isArray(v)) return v;
    policy.problems.push(`${name}: expected a list`);
    return [];
  };
  list('packs').forEach((p, i) => {
    // Chrome policy values are JSON; a pack may come as an object or as JSON text.
    const r = parsePack(typeof p === 'string' ? p : JSON.stringify(p));
    if (r.ok) policy.packs.push(r.pack);
    else
      policy.problems.push(
        `packs[${i}]: ${r.errors.map((e) => `${e.path || '(pack)'} ${e.reason}`).join('; ')}`,
      );
  });
  list('profiles').forEach((p, i) => {
    if (typeof p !== 'string') return void policy.profiles.push(p);
    try {
      policy.profiles.push(JSON.parse(p));
    } catch {
      policy.problems.push(`profiles[${i}]: not valid JSON`);
    }
  });
  const ids = (name: string): string[] | undefined => {
    const v = list(name).filter((x): x is string => typeof x === 'string');
    return raw[name] === undefined ? undefined : v;
  };
  const disabled = ids('disabledPacks');
  const order = ids('packOrder');
  if (disabled) policy.disabledPacks = disabled;
  if (order) policy.packOrder = order;
  return policy;
}

/** Applies policy over the agent's settings; returns the result and the keys policy locked. */
export function applyPolicy<S extends object>(
  settings: S,
  policy: Policy,
): { settings: S; locked: PolicySetting[] } {
  const locked = Object.keys(policy.settings) as PolicySetting[];
  return { settings: { ...settings, ...policy.settings }, locked };
}
