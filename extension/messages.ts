/**
 * The one typed message protocol. Each message names its request and response side by side;
 * `send` and `handle` are typed by it, and every handler states which senders it accepts.
 */
import { browser, type Browser } from 'wxt/browser';
import type { CrmProfile } from '../knowledge/crm/profile.ts';
import type { FrameReading } from '../knowledge/crm/reader.ts';
import type { TabState, DraftAlert } from '../knowledge/case/tab.ts';
import type { Settings } from './storage.ts';
import type { Commitment } from '../knowledge/case/commitments.ts';
import type { Pack } from '../knowledge/authoring/pack.ts';
import type { PackEntry } from '../knowledge/authoring/pack-set.ts';
import type { PackChange } from '../knowledge/authoring/pack-choice.ts';
import type { ExampleKind } from '../knowledge/authoring/rule-examples.ts';
import type { CaseRecord } from '../knowledge/records/records.ts';
import type { UsedItem } from '../knowledge/case/session.ts';
import type { GapReport, ImportedFile } from './db.ts';
import type { PickedElement } from '../knowledge/crm/profile-edit.ts';
import type { CentreStatus } from '../knowledge/centre/outbox.ts';
import type { CentreErrorKind } from '../knowledge/centre/client.ts';
import type { SchemaCheck } from '../knowledge/centre/schema.ts';
import type { centreFacets, LiveAlert } from '../knowledge/centre/report.ts';
import type { ComplianceReport, RecordFilter } from '../knowledge/records/report.ts';

export type { PickedElement };

export interface Protocol {
  /** Content script of any frame: which profile governs my tab? */
  'crm/hello': { req: { url: string }; res: { profile: CrmProfile | null } };
  /** Content script: what this frame reads now. */
  'crm/report': { req: { url: string; reading: FrameReading }; res: { ok: boolean } };
  /** Content script: the reply draft changed (after IME composition ended). */
  'crm/draft': { req: { text: string }; res: { alerts: DraftAlert[] } };
  /** Extension page: the state of one tab's case. */
  'session/get': { req: { tabId: number }; res: TabState | null };
  /** Extension page: tick or untick a step by hand. */
  'session/tick': { req: { tabId: number; stepId: string; done: boolean }; res: TabState | null };
  /** Extension page: dismiss an alert with the reason, recorded for the team lead. */
  'session/override': {
    req: { tabId: number; alertId: string; reason: string };
    res: TabState | null;
  };
  /** Extension page: insert text at the caret of the tab's reply box. */
  'reply/insert': {
    req: {
      tabId: number;
      text: string;
      /** `notes`: the CRM's ticket-notes field (the case summary); default the reply box. */
      target?: InsertTarget;
      /** The script or article inserted, remembered for the case summary. */
      item?: UsedItem;
      /** With `notes`: ticket fields to fill as well (category, result code), by field name. */
      fields?: Record<string, string>;
    };
    res: InsertResult;
  };
  /** Extension page: change settings. */
  'settings/set': { req: Partial<Settings>; res: Settings };
  /** Extension page: the agent adds a commitment by hand. */
  'commitment/add': {
    req: { caseId: string; text: string; dueAt: number; customer?: string };
    res: Commitment[];
  };
  /** Extension page: a commitment was kept (or is reopened). */
  'commitment/settle': { req: { id: string; status: 'kept' | 'open' }; res: Commitment[] };
  /** Extension page: the agent ends the tab's case now; its record is stored. */
  'case/end': { req: { tabId: number }; res: { saved: boolean; error?: 'storage-full' } };
  /** Extension page (sidebar): an agent reports a missing or wrong knowledge item. */
  'gap/report': {
    req: { itemId?: string; query?: string; note: string; caseId?: string };
    res: { saved: boolean; error?: 'storage-full' };
  };
  /** Extension page (console): a trainer marks a gap report handled (or open again). */
  'gap/settle': { req: { id: number; status: 'open' | 'done' }; res: { ok: boolean } };
  /** Extension page (console): the agents' knowledge-gap reports, newest first. */
  'gaps/list': { req: Record<string, never>; res: GapReport[] };
  /** Extension page (console): every pack with its state, first = highest precedence. */
  'packs/list': { req: Record<string, never>; res: PackEntry[] };
  /** Extension page (console): install a pack validated there; a full disk rejects. */
  'packs/install': { req: { pack: Pack }; res: { ok: true } };
  /** Extension page (console): enable, disable, move or remove a pack. */
  'packs/set-state': { req: PackChange; res: { ok: true } };
  /** Extension page (console): a trainer adds an example sentence to a rule on this machine. */
  'examples/add': { req: RuleExampleChange; res: { ok: true } };
  /** Extension page (console): a trainer removes an example sentence added on this machine. */
  'examples/remove': { req: RuleExampleChange; res: { ok: true } };
  /** Extension page (console): this browser's case records. */
  'records/list': { req: Record<string, never>; res: CaseRecord[] };
  /** Extension page (console): the team exports a lead imported, oldest first. */
  'records/imports': { req: Record<string, never>; res: ImportedFile[] };
  /** Extension page (console): keep a team export read there; not kept when there is no room. */
  'records/import-save': { req: Omit<ImportedFile, 'id'>; res: { saved: boolean } };
  /** Extension page (console): forget a kept team export. */
  'records/import-remove': { req: { id: number }; res: { ok: boolean } };
  /**
   * Extension page (console): the team lead reviews a scored case, here or in a kept team
   * export; the reviewed record, or null when no stored copy was found.
   */
  'records/review': { req: RecordReview; res: CaseRecord | null };
  /** Extension page (console): the centre connection, its outbox and its last failure. */
  'centre/status': {
    req: Record<string, never>;
    res: { configured: boolean; origin: string | null; queued: number; status: CentreStatus };
  };
  /** Extension page (console): send the outbox now, whatever the backoff. */
  'centre/flush': { req: Record<string, never>; res: CentreStatus };
  /** Extension page (console): compare the server's tables with the bundled schema. */
  'centre/check': { req: Record<string, never>; res: CentreAnswer<SchemaCheck> };
  /** Extension page (console): create what the schema lacks (needs the right to). */
  'centre/apply': { req: Record<string, never>; res: CentreAnswer<SchemaCheck> };
  /** Extension page (console): the team report, computed by ClickHouse. */
  'centre/report': {
    req: { filter: RecordFilter };
    res: CentreAnswer<{ report: ComplianceReport; facets: CentreFacets }>;
  };
  /** Extension page (console): alerts and overrides across agents since a time. */
  'centre/live': { req: { since: number }; res: CentreAnswer<LiveAlert[]> };
  /** Extension page (console): the filtered cases as CSV written by ClickHouse. */
  'centre/export': { req: { filter: RecordFilter }; res: CentreAnswer<string> };
  /**
   * Extension page (sidebar): this browser's scored cases of the agent in the settings (all
   * scored cases when no agent id is set), newest first; 20 unless told.
   */
  'records/mine': { req: { limit?: number }; res: CaseRecord[] };
  /**
   * Extension page (sidebar): the agent acknowledges or disputes (with a reason) a case's
   * score; the stored record, or null when this browser holds no such case.
   */
  'records/acknowledge': { req: RecordAcknowledgement; res: CaseRecord | null };
}

/** The agent's answer to one case's score: accepted, or disputed with a reason. */
export interface RecordAcknowledgement {
  key: Pick<CaseRecord, 'caseId' | 'agentId' | 'startedAt'>;
  state: 'acknowledged' | 'disputed';
  reason?: string;
}

/** A centre request's answer: its value, or why it failed. */
export type CentreAnswer<T> =
  { ok: true; value: T } | { ok: false; error: { kind: CentreErrorKind; message: string } };

export type CentreFacets = Awaited<ReturnType<typeof centreFacets>>;

/** A review of one case record: an item's points adjusted, or a mark for coaching; with why. */
export interface RecordReview {
  key: Pick<CaseRecord, 'caseId' | 'agentId' | 'startedAt'>;
  action:
    | { kind: 'adjust'; itemId: string; points: number; reason: string }
    | { kind: 'coaching'; reason: string };
}

/** One local example of a rule (see knowledge/authoring/rule-examples.ts). */
export interface RuleExampleChange {
  ruleId: string;
  kind: ExampleKind;
  text: string;
}

/** Messages the background sends to a tab's content scripts. */
export interface ContentProtocol {
  'content/insert': { req: { text: string; target?: InsertTarget }; res: InsertResult };
  /** Fills the profile's ticket fields in this frame; answers those it filled. */
  'content/fill': { req: { fields: Record<string, string> }; res: { filled: string[] } };
  'content/alerts': { req: { alerts: DraftAlert[] }; res: { ok: boolean } };
}

/** Messages content-side scripts (the picker) send to our own pages (the options page). */
export interface PagesProtocol {
  'picker/picked': { req: PickedElement; res: { ok: boolean } };
}

/** Sends a message from a picker frame to the extension's pages. */
export async function sendToPages<T extends keyof PagesProtocol>(
  type: T,
  payload: PagesProtocol[T]['req'],
): Promise<PagesProtocol[T]['res'] | undefined> {
  return (await browser.runtime.sendMessage({ type, payload })) as PagesProtocol[T]['res'];
}

export type InsertTarget = 'reply' | 'notes';

export type InsertResult =
  /** `notes`: the whole field as it now reads, so the case follows without waiting for a report. */
  | { ok: true; notes?: string }
  | { ok: false; reason: 'no-reply-box' | 'no-notes-box' | 'no-tab' | 'failed' };

type AnyProtocol = Protocol & ContentProtocol;
export type MessageType = keyof AnyProtocol;
export interface Envelope<T extends MessageType = MessageType> {
  type: T;
  payload: AnyProtocol[T]['req'];
}

/** Sends a request to the background and resolves with its typed response. */
export async function send<T extends keyof Protocol>(
  type: T,
  payload: Protocol[T]['req'],
): Promise<Protocol[T]['res']> {
  return (await browser.runtime.sendMessage({ type, payload })) as Protocol[T]['res'];
}

/** Sends a request to the content script of one frame of a tab. */
export async function sendToTab<T extends keyof ContentProtocol>(
  tabId: number,
  type: T,
  payload: ContentProtocol[T]['req'],
  frameId?: number,
): Promise<ContentProtocol[T]['res']> {
  const options = frameId === undefined ? undefined : { frameId };
  return (await browser.tabs.sendMessage(
    tabId,
    { type, payload },
    options,
  )) as ContentProtocol[T]['res'];
}

export type Sender = Browser.runtime.MessageSender;

/** Who may send a message: a content script in a tab, or one of our own pages. */
export type SenderKind = 'content' | 'extension-page';

/** Classifies a sender; null for anything that is neither (other extensions, web pages). */
export function senderKind(sender: Sender): SenderKind | null {
  if (sender.id !== browser.runtime.id) return null;
  const origin = browser.runtime.getURL('/');
  if (sender.url?.startsWith(origin)) return 'extension-page';
  if (sender.tab?.id !== undefined) return 'content';
  return null;
}

export type Handlers<P> = {
  [T in keyof P]: {
    from: SenderKind;
    run: (
      payload: P[T] extends { req: infer Q } ? Q : never,
      sender: Sender,
    ) => Promise<P[T] extends { res: infer R } ? R : never>;
  };
};

/**
 * Listens for protocol messages, refusing any whose sender is not of the kind its handler
 * accepts. Unknown messages are left to other listeners.
 */
export function listen<P>(handlers: Handlers<P>): () => void {
  const listener = (message: unknown, sender: Sender): Promise<unknown> | undefined => {
    if (typeof message !== 'object' || message === null) return undefined;
    const { type, payload } = message as { type?: unknown; payload?: unknown };
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(handlers, type))
      return undefined;
    const handler = handlers[type as keyof P];
    const kind = senderKind(sender);
    if (kind !== handler.from) {
      return Promise.reject(new Error(`refused "${type}" from ${kind ?? 'an unknown sender'}`));
    }
    return handler.run(payload as never, sender);
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
