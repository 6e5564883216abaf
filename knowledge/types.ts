/** Domain vocabulary shared by every engine of `knowledge/`. */

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The "pack language for cases" setting: `auto` decides per case (knowledge/case/language.ts),
 * a locale fixes it, `both` runs both languages' packs on every case.
 */
export const PACK_LANGUAGES = ['auto', 'zh-CN', 'en', 'both'] as const;
export type PackLanguage = (typeof PACK_LANGUAGES)[number];

/** The language for a setting: `auto` (or anything unknown) follows the browser, Chinese first. */
export function resolveLocale(setting: string | undefined, browserLanguage: string): Locale {
  if (setting === 'zh-CN' || setting === 'en') return setting;
  return /^zh/i.test(browserLanguage) ? 'zh-CN' : 'en';
}

export const CHANNELS = ['phone', 'chat', 'email', 'message', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The SOP's four request classes; packs may add their own case types. */
export const CASE_TYPES = ['inquiry', 'assistance', 'complaint', 'complex'] as const;
export type CaseType = string;

/** Step ids of shared/SOP.md's default checklist (a contract with the benchmarks). */
export const DEFAULT_STEP_IDS = [
  'greet',
  'confirm_need',
  'verify_identity',
  'resolve',
  'referral_notice',
  'farewell',
  'record',
] as const;

export const ALERT_KINDS = [
  'missing_identity_check',
  'unauthorised_promise',
  'credential_request',
  'misleading_claim',
  'incomplete_referral',
  // Rules that depend on who the customer is and on the case (knowledge/rules/context.ts).
  'suitability',
  'marketing_opt_out',
  'collections_conduct',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Speaker = 'agent' | 'customer';

/** One message of the transcript, in the order the CRM shows it. */
export interface Turn {
  speaker: Speaker;
  text: string;
  /** Epoch ms when the extension first saw the turn. */
  at?: number;
}

/** The case as read from the CRM page: known fields plus any a profile adds. */
export interface CaseContext {
  caseId?: string;
  customerName?: string;
  customerId?: string;
  agentId?: string;
  channel?: string;
  caseType?: string;
  product?: string;
  [field: string]: string | undefined;
}

export const KNOWN_FIELDS = [
  'caseId',
  'customerName',
  'customerId',
  'agentId',
  'channel',
  'caseType',
  'product',
] as const;
