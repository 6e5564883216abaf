/**
 * CRM profiles a trainer imported or built with the picker: kept in local storage, merged with
 * the bundled ones (same id: the user's replaces the bundled), and the CRM content script
 * registered at run time for their pages, on origins the trainer granted (no <all_urls>).
 */
import { readPolicy } from './storage.ts';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import {
  type CrmProfile,
  type ListedProfile,
  mergeProfiles,
  originPattern,
  validateProfile,
} from '../knowledge/crm/profile.ts';
import { bundledProfiles } from './bundled.ts';

export const userProfilesItem = storage.defineItem<CrmProfile[]>('local:crmProfiles', {
  fallback: [],
  version: 1,
});

/** User profiles as stored; any that no longer validates is left out rather than breaking a tab. */
export async function userProfiles(): Promise<CrmProfile[]> {
  const stored = await userProfilesItem.getValue();
  return stored.filter((p) => validateProfile(p).ok);
}

/** Profiles IT pushes through browser policy (managed storage); invalid ones are left out. */
export async function policyProfiles(): Promise<CrmProfile[]> {
  const { profiles } = await readPolicy();
  return profiles.filter((p): p is CrmProfile => validateProfile(p).ok);
}

/** Bundled, user and policy profiles as the options page lists them (policy wins an id). */
export async function listProfiles(): Promise<ListedProfile[]> {
  return mergeProfiles(bundledProfiles(), await userProfiles(), await policyProfiles());
}

/** Adds or replaces (by id) a user profile; refuses one that does not validate. */
export async function saveUserProfile(profile: CrmProfile): Promise<void> {
  const check = validateProfile(profile);
  if (!check.ok) throw new Error(check.errors.map((e) => `${e.path}: ${e.reason}`).join('; '));
  const stored = await userProfilesItem.getValue();
  await userProfilesItem.setValue([...stored.filter((p) => p.id !== profile.id), profile]);
}

/** Removes a user profile (a bundled one it replaced is in force again). */
export async function deleteUserProfile(id: string): Promise<void> {
  const stored = await userProfilesItem.getValue();
  await userProfilesItem.setValue(stored.filter((p) => p.id !== id));
}

/** The host permissions a profile's pages need, as origin patterns. */
export function originsOf(profile: Pick<CrmProfile, 'matches'>): string[] {
  return [...new Set(profile.matches.map(originPattern).filter((o): o is string => o !== null))];
}

/** Whether the extension may already read the pages of a profile. */
export async function hasAccess(profile: Pick<CrmProfile, 'matches'>): Promise<boolean> {
  const origins = originsOf(profile);
  return origins.length > 0 && browser.permissions.contains({ origins });
}

/**
 * Asks the trainer for access to a profile's pages. Must run in the click handler itself:
 * the browser only asks during a user gesture.
 */
export function requestAccess(profile: Pick<CrmProfile, 'matches'>): Promise<boolean> {
  return browser.permissions.request({ origins: originsOf(profile) });
}

const SCRIPT_ID = 'crm-user-profiles';
const CONTENT_SCRIPT = 'content-scripts/crm.js';

interface Scripting {
  getRegisteredContentScripts(f?: { ids?: string[] }): Promise<{ id: string }[]>;
  registerContentScripts(s: object[]): Promise<void>;
  updateContentScripts(s: object[]): Promise<void>;
  unregisterContentScripts(f?: { ids?: string[] }): Promise<void>;
}

/**
 * Registers the CRM content script (every frame) for the user profiles' pages the extension
 * has access to, or unregisters it when there are none; returns the patterns registered.
 */
export async function syncContentScripts(): Promise<string[]> {
  const scripting = (browser as unknown as { scripting?: Scripting }).scripting;
  if (!scripting) return [];
  const patterns = new Set<string>();
  for (const profile of [...(await userProfiles()), ...(await policyProfiles())]) {
    if (await hasAccess(profile).catch(() => false))
      profile.matches.forEach((m) => patterns.add(m));
  }
  const matches = [...patterns].sort();
  const existing = await scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length === 0) {
    if (existing.length > 0) await scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    return [];
  }
  const script = {
    id: SCRIPT_ID,
    matches,
    js: [CONTENT_SCRIPT],
    allFrames: true,
    runAt: 'document_idle',
    persistAcrossSessions: true,
  };
  if (existing.length > 0) await scripting.updateContentScripts([script]);
  else await scripting.registerContentScripts([script]);
  return matches;
}
