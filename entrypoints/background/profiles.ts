/** The CRM profiles in force: the bundled ones plus those a trainer imported or mapped. */
import { browser } from 'wxt/browser';
import { bundledProfiles } from '../../extension/bundled.ts';
import {
  policyProfiles,
  syncContentScripts,
  userProfiles,
  userProfilesItem,
} from '../../extension/profiles-store.ts';
import { chooseProfile, mergeProfiles, type CrmProfile } from '../../knowledge/crm/profile.ts';

let inForce: CrmProfile[] | null = null;

async function profiles(): Promise<CrmProfile[]> {
  inForce ??= mergeProfiles(bundledProfiles(), await userProfiles(), await policyProfiles()).map(
    (l) => l.profile,
  );
  return inForce;
}

/** The profile governing a tab whose top frame shows `url`, if any. */
export async function profileFor(url: string | undefined): Promise<CrmProfile | undefined> {
  if (!url) return undefined;
  return chooseProfile(url, await profiles());
}

/**
 * Keeps the profiles in force and the dynamically registered content script in step with the
 * stored profiles and the host permissions the trainer granted or withdrew.
 */
export function startProfileSync(): void {
  const resync = (): void => {
    void syncContentScripts().catch(() => undefined);
  };
  userProfilesItem.watch(() => {
    inForce = null;
    resync();
  });
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
  browser.runtime.onInstalled.addListener(resync);
}
