/** The CRM profiles in force: the bundled ones plus those a trainer imported. */
import { bundledProfiles } from '../../extension/bundled.ts';
import { chooseProfile, type CrmProfile } from '../../knowledge/profile.ts';

/** The profile governing a tab whose top frame shows `url`, if any. */
export async function profileFor(url: string | undefined): Promise<CrmProfile | undefined> {
  if (!url) return undefined;
  return chooseProfile(url, bundledProfiles());
}
