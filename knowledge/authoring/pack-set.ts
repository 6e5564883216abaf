/**
 * Which packs are in force, in which order: the bundled ones, those a trainer imported and
 * those IT pushed by policy, each enabled or not, in the trainer's order of precedence (policy
 * wins where it sets one). Pure, so it is tested in Node.
 */
import { PACK_SCHEMA_VERSION, type Pack } from './pack.ts';
import { CHANNELS, type Channel, type Locale } from '../types.ts';
import type { Policy } from './policy.ts';

export type PackSource = 'bundled' | 'imported' | 'policy';

export interface PackEntry {
  pack: Pack;
  source: PackSource;
  enabled: boolean;
  /** Policy decides this pack's presence, state or place: the console cannot change it. */
  locked: boolean;
  /** The bundled version this pack replaces (same id), if any. */
  replaces?: string;
}

export interface PackChoice {
  installed: Pack[];
  order: string[];
  disabled: string[];
}

/** All packs with their state, first = highest precedence. */
export function arrangePacks(bundled: Pack[], choice: PackChoice, policy: Policy): PackEntry[] {
  const byId = new Map<string, PackEntry>();
  const put = (pack: Pack, source: PackSource) => {
    const before = byId.get(pack.id);
    const entry: PackEntry = { pack, source, enabled: true, locked: source === 'policy' };
    if (before?.source === 'bundled') entry.replaces = before.pack.version;
    else if (before?.replaces) entry.replaces = before.replaces;
    byId.set(pack.id, entry);
  };
  for (const p of bundled) put(p, 'bundled');
  for (const p of choice.installed) put(p, 'imported');
  for (const p of policy.packs) put(p, 'policy');

  const policyOff = new Set(policy.disabledPacks ?? []);
  const off = new Set(choice.disabled);
  for (const e of byId.values()) {
    if (policyOff.has(e.pack.id)) {
      e.enabled = false;
      e.locked = true;
    } else if (off.has(e.pack.id) && !e.locked) e.enabled = false;
  }
  // Unlisted packs: policy's first, then imported, then bundled (a trainer's pack is the more specific).
  const rank: Record<PackSource, number> = { policy: 0, imported: 1, bundled: 2 };
  const order = policy.packOrder ?? choice.order;
  const pos = new Map(order.map((id, i) => [id, i]));
  const entries = [...byId.values()];
  const initial = new Map(entries.map((e, i) => [e, i]));
  entries.sort((a, b) => {
    const pa = pos.get(a.pack.id) ?? Infinity;
    const pb = pos.get(b.pack.id) ?? Infinity;
    if (pa !== pb) return pa - pb;
    return rank[a.source] - rank[b.source] || initial.get(a)! - initial.get(b)!;
  });
  if (policy.packOrder) for (const e of entries) e.locked = true;
  return entries;
}

const SECONDS_CHANNELS = new Set<Channel>(['phone', 'chat']);

/** Does a channel's allowance count seconds to the first reply (else working hours)? */
export const countsSeconds = (channel: Channel): boolean => SECONDS_CHANNELS.has(channel);

/**
 * A pack holding only the SLA allowances set in the settings; it goes first, so its policies
 * win over the packs' own for those channels.
 */
export function slaOverridePack(
  overrides: Partial<Record<Channel, number>>,
  locale: Locale,
): Pack | undefined {
  const sla = CHANNELS.filter((c) => (overrides[c] ?? 0) > 0).map((channel) =>
    countsSeconds(channel)
      ? { channel, firstReplySeconds: overrides[channel]! }
      : { channel, replyWorkingHours: overrides[channel]! },
  );
  if (sla.length === 0) return undefined;
  return {
    schemaVersion: PACK_SCHEMA_VERSION,
    id: 'settings.sla',
    name: 'SLA',
    locale,
    // The version names the allowances, so the engines' cache sees a change.
    version: sla.map((s) => `${s.channel}=${s.firstReplySeconds ?? s.replyWorkingHours}`).join(','),
    sla,
  };
}

/** The enabled packs of a locale in order (all enabled packs when none is in that locale). */
export function packsInForce(
  entries: PackEntry[],
  locale: Locale,
  overrides: Partial<Record<Channel, number>> = {},
): Pack[] {
  const enabled = entries.filter((e) => e.enabled).map((e) => e.pack);
  const mine = enabled.filter((p) => p.locale === locale);
  const packs = mine.length > 0 ? mine : enabled;
  const sla = slaOverridePack(overrides, locale);
  return sla ? [sla, ...packs] : packs;
}
