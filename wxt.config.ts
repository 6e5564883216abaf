import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Match patterns of every bundled CRM profile: the content script runs only on those pages. */
function bundledProfileMatches(): string[] {
  const dir = resolve(import.meta.dirname, 'knowledge/profiles');
  const matches = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const profile = JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as { matches?: unknown };
    if (Array.isArray(profile.matches)) {
      for (const m of profile.matches) if (typeof m === 'string') matches.add(m);
    }
  }
  return [...matches].sort();
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // alarms + notifications: reminders of callbacks promised to customers.
    // scripting: the CRM-mapping picker and the content script registered for trainer-added CRMs.
    permissions: ['storage', 'sidePanel', 'alarms', 'notifications', 'scripting'].filter(
      (p) => browser === 'chrome' || p !== 'sidePanel',
    ),
    host_permissions: bundledProfileMatches(),
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: '__MSG_extName__' },
    // What IT may push through browser policy (role, packs, profiles…): see public/managed_schema.json.
    storage: { managed_schema: 'managed_schema.json' },
    content_security_policy: {
      // connect-src: the only request that leaves is to the centre store (ClickHouse), opt-in,
      // from the background, to the one host the agent or policy granted at run time
      // (entrypoints/background/centre.ts). Its address is configured, so it cannot be listed.
      extension_pages: "script-src 'self'; object-src 'self'; connect-src 'self' http: https:",
    },
    browser_specific_settings: {
      gecko: {
        id: 'sop-copilot@example.org',
        strict_min_version: '142.0',
        // Nothing is collected by default; a centre that opts in receives case records and
        // alert events (masked), which Firefox calls website activity.
        data_collection_permissions: { required: ['none'], optional: ['websiteActivity'] },
      },
    },
  }),
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      // The CRM content script's reach is exactly the bundled profiles' pages (no <all_urls>).
      const matches = bundledProfileMatches();
      for (const cs of manifest.content_scripts ?? []) cs.matches = matches;
    },
  },
});
