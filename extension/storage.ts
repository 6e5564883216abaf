/**
 * The one storage module: every setting declared once with its default and migrations;
 * per-tab case state in `storage.session` so a service-worker restart loses nothing.
 */
import { storage } from 'wxt/utils/storage';
import type { TabState } from './tab-state.ts';
import type { Commitment } from '../knowledge/commitments.ts';
import type { ItemPrint } from '../knowledge/pack-diff.ts';

export type Language = 'auto' | 'zh-CN' | 'en';
export type Theme = 'auto' | 'light' | 'dark';

export interface Settings {
  /** The agent's ID (工号), used by greeting scripts. */
  agentId: string;
  /** The agent's name as scripts may use it. */
  agentName: string;
  /** Role id from the packs; decides what the agent may promise. */
  role: string;
  language: Language;
  theme: Theme;
  /** Days a finished case record is kept. */
  retentionDays: number;
}

export const DEFAULT_SETTINGS: Settings = {
  agentId: '',
  agentName: '',
  role: 'agent',
  language: 'auto',
  theme: 'auto',
  retentionDays: 90,
};

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** Reads settings with defaults filled for keys a newer version added. */
export async function getSettings(): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...(await settingsItem.getValue()) };
}

/** Writes a partial change and returns the whole result. */
export async function updateSettings(change: Partial<Settings>): Promise<Settings> {
  const next = { ...(await getSettings()), ...change };
  await settingsItem.setValue(next);
  return next;
}

const tabKey = (tabId: number) => `session:tab:${tabId}` as const;

/** Per-tab state of the case on that tab; survives service-worker restarts. */
export async function loadTabState(tabId: number): Promise<TabState | null> {
  return storage.getItem<TabState>(tabKey(tabId));
}

export async function saveTabState(state: TabState): Promise<void> {
  await storage.setItem(tabKey(state.tabId), state);
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
