/** The message hub: the background is the one owner of case state. */
import { browser } from 'wxt/browser';
import { listen, type Protocol } from '../../extension/messages.ts';
import { getSettings, settingsItem, updateSettings } from '../../extension/storage.ts';
import { loadPacks, watchPacks } from '../../extension/packs.ts';
import { openDb, purge } from '../../extension/db.ts';
import { resolveLocale } from '../../knowledge/types.ts';
import { profileFor, startProfileSync } from './profiles.ts';
import { addCommitment, settleCommitment, startCommitmentReminders } from './commitments.ts';
import { getTab } from './tabs.ts';
import {
  onDraft,
  onEndCase,
  onInsert,
  onOverride,
  onReport,
  onTabClosed,
  onTick,
} from './handlers/case.ts';
import { onGapReport, onGapSettle, onMyRecords, onRecordAcknowledge } from './handlers/records.ts';
import { consoleHandlers } from './handlers/console.ts';
import { centreHandlers } from './handlers/centre.ts';
import { startCentre } from './centre.ts';

export function startHub(): void {
  startProfileSync();
  listen<Protocol>({
    ...consoleHandlers,
    ...centreHandlers,
    'crm/hello': {
      from: 'content',
      run: async (_payload, sender) => {
        const profile = await profileFor(sender.tab?.url);
        if (profile && sender.frameId === 0 && sender.tab?.id !== undefined)
          void enablePanel(sender.tab.id);
        return { profile: profile ?? null };
      },
    },
    'crm/report': { from: 'content', run: onReport },
    'crm/draft': { from: 'content', run: onDraft },
    'session/get': { from: 'extension-page', run: async ({ tabId }) => getTab(tabId) },
    'session/tick': { from: 'extension-page', run: onTick },
    'session/override': { from: 'extension-page', run: onOverride },
    'reply/insert': { from: 'extension-page', run: onInsert },
    'commitment/add': {
      from: 'extension-page',
      run: async ({ caseId, text, dueAt, customer }) =>
        addCommitment({
          id: `${caseId}#manual-${Date.now()}`,
          caseId,
          text,
          dueAt,
          createdAt: Date.now(),
          source: 'manual',
          ...(customer ? { customer } : {}),
        }),
    },
    'commitment/settle': {
      from: 'extension-page',
      run: async ({ id, status }) => settleCommitment(id, status),
    },
    'settings/set': { from: 'extension-page', run: async (change) => updateSettings(change) },
    'case/end': { from: 'extension-page', run: onEndCase },
    'gap/report': { from: 'extension-page', run: onGapReport },
    'gap/settle': { from: 'extension-page', run: onGapSettle },
    'records/mine': { from: 'extension-page', run: onMyRecords },
    'records/acknowledge': { from: 'extension-page', run: onRecordAcknowledge },
  });

  startCommitmentReminders(async () => {
    const { language } = await getSettings();
    return resolveLocale(language, navigator.language);
  });

  startCentre();

  browser.tabs.onRemoved.addListener((tabId) => void onTabClosed(tabId));

  // The packs in force are loaded once and reloaded when a trainer or the settings change them.
  void loadPacks();
  watchPacks(() => undefined);
  // Records past the retention period go at start-up (and after every write).
  void getSettings().then(({ retentionDays }) => purge(openDb(), retentionDays).catch(() => 0));
  // A shorter retention period takes effect at once.
  settingsItem.watch(() => {
    void getSettings().then(({ retentionDays }) => purge(openDb(), retentionDays).catch(() => 0));
  });

  // Chrome: the toolbar button opens the side panel; Firefox has its own sidebar button.
  const sidePanel = (browser as unknown as { sidePanel?: ChromeSidePanel }).sidePanel;
  void sidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
}

interface ChromeSidePanel {
  setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void>;
  setOptions(o: { tabId: number; path: string; enabled: boolean }): Promise<void>;
}

/** Binds the Chrome side panel of a CRM tab to that tab's case. */
async function enablePanel(tabId: number): Promise<void> {
  const sidePanel = (browser as unknown as { sidePanel?: ChromeSidePanel }).sidePanel;
  await sidePanel
    ?.setOptions({ tabId, path: `sidepanel.html?tab=${tabId}`, enabled: true })
    .catch(() => undefined);
}
