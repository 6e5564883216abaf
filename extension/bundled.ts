/**
 * The packs and CRM profiles bundled at build time: every knowledge/packs/*.json and
 * knowledge/profiles/*.json present when the extension is built (shared contract: ui-hooks).
 */
import type { CrmProfile } from '../knowledge/crm/profile.ts';
import type { Pack } from '../knowledge/authoring/pack.ts';

const packModules = import.meta.glob<Pack>('../knowledge/packs/*.json', {
  eager: true,
  import: 'default',
});
const profileModules = import.meta.glob<CrmProfile>('../knowledge/profiles/*.json', {
  eager: true,
  import: 'default',
});

/** Bundled packs, in file-name order (the default order of precedence). */
export function bundledPacks(): Pack[] {
  return Object.keys(packModules)
    .sort()
    .map((k) => packModules[k]!);
}

/** Bundled CRM profiles. */
export function bundledProfiles(): CrmProfile[] {
  return Object.keys(profileModules)
    .sort()
    .map((k) => profileModules[k]!);
}
