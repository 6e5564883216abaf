/**
 * The one storage module: every setting declared once with its default and migrations;
 * per-tab case state in `storage.session` so a service-worker restart loses nothing.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { Pack } from '../knowledge/authoring/pack.ts';
import type { Channel, PackLanguage } from '../knowledge/types.ts';
import {
  applyPolicy,
  parsePolicy,
  type Policy,
  type PolicySetting,
} from '../knowledge/authoring/policy.ts';
import type { TabState } from '../knowledge/case/tab.ts';
import type { Commitment } from '../knowledge/case/commitments.ts';
import type { ItemPrint } from '../knowledge/authoring/diff.ts';
import type { LocalExamples } from '../knowledge/authoring/rule-examples.ts';
import { isQuotaError, StorageFullError } from './quota.ts';
import { EMPTY_STATUS, type CentreStatus } from '../knowledge/centre/outbox.ts';
import { learn, type LearnedPick } from '../knowledge/search/learned.ts';

export type Language = 'auto' | 'zh-CN' | 'en';
export type Theme = 'auto' | 'light' | 'dark';

export interface Settings {
  /** The agent's ID (工号), used by greeting scripts. */
  agentId: string;
  /** The agent's name as scripts may use it. */
  agentName: string;
  /** Role id from the packs; decides what the agent may promise. */
  role: string;
  /** The agent's UI language; it never decides which packs a case runs (that is `packLanguage`). */
  language: Language;
  /**
   * The pack language for cases: `auto` decides per case from the CRM page and the
   * conversation (knowledge/case/language.ts), a locale fixes it, `both` runs both packs.
   */
  packLanguage: PackLanguage;
  theme: Theme;
  /** Days a finished case record is kept. */
  retentionDays: number;
  /** The agent's team, carried in case records for the team report. */
  team: string;
  /**
   * Response-time allowances that override the packs' per channel: seconds to the first reply
   * for phone and chat, working hours for message, email and social.
   */
  slaOverrides: Partial<Record<Channel, number>>;
  /**
   * The centre store: ClickHouse's HTTP address (http(s)://host:port). Empty, the default,
   * means nothing leaves this browser.
   */
  centreEndpoint: string;
  centreDatabase: string;
  /** Sent as X-ClickHouse-User / X-ClickHouse-Key; best pushed by policy. */
  centreUser: string;
  centreKey: string;
  /** Where a record's agent id comes from: these settings, or the CRM page's agent field. */
  agentIdSource: 'settings' | 'crm';
}

export const DEFAULT_SETTINGS: Settings = {
  agentId: '',
  agentName: '',
  role: 'agent',
  language: 'auto',
  packLanguage: 'auto',
  theme: 'auto',
  retentionDays: 90,
  team: '',
  slaOverrides: {},
  centreEndpoint: '',
  centreDatabase: 'sop_centre',
  centreUser: '',
  centreKey: '',
  agentIdSource: 'settings',
};

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

type ManagedArea = {
  get(): Promise<Record<string, unknown>>;
  onChanged?: { addListener(cb: () => void): void };
};

/** How long a reader waits for managed storage, which can take seconds when no policy is set. */
const POLICY_WAIT_MS = 150;
let policyRead: Promise<Policy> | undefined;
let policyKnown: Policy | undefined;

/**
 * Reads the enterprise policy from managed storage (empty when none is set or supported).
 * Read once per worker and kept; nobody waits longer than a moment for it: until the browser
 * answers, the last known policy (or none) applies, and the answer applies from then on.
 */
export async function readPolicy(): Promise<Policy> {
  if (!policyRead) {
    const managed = (browser.storage as { managed?: ManagedArea }).managed;
    policyRead = (managed ? managed.get() : Promise.resolve(undefined))
      .then(
        (v) => parsePolicy(v),
        () => parsePolicy(undefined),
      )
      .then((p) => (policyKnown = p));
    managed?.onChanged?.addListener(() => {
      policyRead = undefined;
    });
  }
  const waited = new Promise<Policy>((resolve) =>
    setTimeout(() => resolve(policyKnown ?? parsePolicy(undefined)), POLICY_WAIT_MS),
  );
  return Promise.race([policyRead, waited]);
}

/** Settings with defaults filled for keys a newer version added, and what policy sets on top. */
export async function getSettingsLocked(): Promise<{
  settings: Settings;
  locked: PolicySetting[];
}> {
  const own = { ...DEFAULT_SETTINGS, ...(await settingsItem.getValue()) };
  return applyPolicy(own, await readPolicy());
}

/** Reads settings (policy values win). */
export async function getSettings(): Promise<Settings> {
  return (await getSettingsLocked()).settings;
}

/** Writes a partial change and returns the whole result; keys policy sets are not changed. */
export async function updateSettings(change: Partial<Settings>): Promise<Settings> {
  const { locked } = await getSettingsLocked();
  const allowed = Object.fromEntries(
    Object.entries(change).filter(([k]) => !(locked as string[]).includes(k)),
  ) as Partial<Settings>;
  const own = { ...DEFAULT_SETTINGS, ...(await settingsItem.getValue()), ...allowed };
  await roomFor(() => settingsItem.setValue(own));
  return getSettings();
}

/** Runs an extension-storage write; a quota refusal becomes a StorageFullError. */
async function roomFor(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    throw isQuotaError(e) ? new StorageFullError() : e;
  }
}

/** Packs a trainer imported, and the enabled state and order of precedence of all packs. */
export interface PackState {
  installed: Pack[];
  /** Pack ids, first = highest precedence; packs not listed follow. */
  order: string[];
  disabled: string[];
  /** When each installed pack was imported (epoch ms), by id. */
  importedAt: Record<string, number>;
}

export const packStateItem = storage.defineItem<PackState>('local:packs', {
  fallback: { installed: [], order: [], disabled: [], importedAt: {} },
  version: 1,
});

/**
 * Example sentences trainers added to rules on this machine, by rule id, on top of the packs
 * (knowledge/authoring/rule-examples.ts). Written by the background for the console.
 */
export const ruleExamplesItem = storage.defineItem<LocalExamples>('local:ruleExamples', {
  fallback: {},
  version: 1,
});

/** Set when the browser refused to store a case record for lack of space (cleared on success). */
export const storageFullItem = storage.defineItem<{ at: number } | null>('local:storageFull', {
  fallback: null,
});

const tabKey = (tabId: number) => `session:tab:${tabId}` as const;

/** Per-tab state of the case on that tab; survives service-worker restarts. */
export async function loadTabState(tabId: number): Promise<TabState | null> {
  return storage.getItem<TabState>(tabKey(tabId));
}

/** Stores a tab's state; throws a StorageFullError when session storage has no room left. */
export async function saveTabState(state: TabState): Promise<void> {
  await roomFor(() => storage.setItem(tabKey(state.tabId), state));
}

export async function removeTabState(tabId: number): Promise<void> {
  await storage.removeItem(tabKey(tabId));
}

/** Calls back whenever the stored state of the tab changes (the sidebar's live updates). */
export function watchTabState(tabId: number, cb: (state: TabState | null) => void): () => void {
  return storage.watch<TabState>(tabKey(tabId), (v) => cb(v));
}

/** How often the agent inserted each script or article: a local boost for search. */
export const acceptedItem = storage.defineItem<Record<string, number>>('local:accepted', {
  fallback: {},
  version: 1,
});

/** Counts one more acceptance of a suggestion. */
export async function recordAccepted(id: string): Promise<void> {
  const counts = await acceptedItem.getValue();
  await acceptedItem.setValue({ ...counts, [id]: (counts[id] ?? 0) + 1 });
}

/** The words that led the agent to each pick: the search learns them (knowledge/search/learned.ts). */
export const learnedItem = storage.defineItem<LearnedPick[]>('local:learned', {
  fallback: [],
  version: 1,
});

/** Remembers that a search for `query` ended in picking `id`. */
export async function recordLearned(query: string, id: string): Promise<void> {
  await learnedItem.setValue(learn(await learnedItem.getValue(), query, id));
}

/** Callbacks and deadlines promised to customers, across cases. */
export const commitmentsItem = storage.defineItem<Commitment[]>('local:commitments', {
  fallback: [],
  version: 1,
});

/** The agent's current shift: readiness ticks and the pack items seen when it started. */
export interface Shift {
  startedAt: number;
  readiness: Record<string, boolean>;
  prints: Record<string, ItemPrint>;
}

export const shiftItem = storage.defineItem<Shift | null>('local:shift', {
  fallback: null,
  version: 1,
});

/** The centre connection's state: rows sent, the last failure and the backoff, a full outbox. */
export const centreStatusItem = storage.defineItem<CentreStatus>('local:centreStatus', {
  fallback: EMPTY_STATUS,
  version: 1,
});
