/**
 * The `summary` section of a pack: how the case summary (the ticket text of the SOP's record
 * step) is worded and which phrases of the transcript it is drafted from. Wording, phrase
 * patterns and ticket-field rules are trainers' data, so a centre can change its ticket format
 * without a release.
 */
import {
  type Check,
  type SchemaError,
  list,
  obj,
  oneOf,
  regex,
  str,
  opt,
  req,
  words,
} from './schema.ts';
import { ALERT_KINDS, KNOWN_FIELDS } from '../types.ts';
import { variablesOf } from '../text/template.ts';

/** The parts of a summary, each a `{{variable}}` of the template. */
export const SUMMARY_SLOTS = [
  'need',
  'identity',
  'knowledge',
  'result',
  'referral',
  'commitment',
  'complaint',
  'mood',
  'open',
] as const;

/**
 * Words to find in turns. Patterns are regex sources on folded text (`<name>` is a pack term);
 * what is kept is `label` when given, else the group named `v`, else the whole match, cut from
 * the original turn so names and numbers stay as the CRM shows them.
 */
export interface SummaryPhrase {
  patterns: string[];
  label?: string;
}

/** The phrases the summary is drafted from; every list is tried in order, first match wins. */
export interface SummaryPatterns {
  /** The agent's restatement: the group `v` holds the need without "您的意思是…对吗". */
  restatement?: SummaryPhrase[];
  /** Customer turns that are no request ("好的", "对的", "ok"): skipped when quoting the need. */
  filler?: string[];
  /** Sentences that are no part of an answer ("核实通过", greetings): left out of its gist. */
  notGist?: string[];
  /** The identity details checked (labelled: "身份证后四位", "date of birth"). */
  identityDetails?: SummaryPhrase[];
  /** The department a case is referred to (group `v`, or a label). */
  department?: SummaryPhrase[];
  /** Why it is referred. */
  reason?: SummaryPhrase[];
  /** When the customer is to hear back. */
  time?: SummaryPhrase[];
  /** How the customer will be contacted. */
  contact?: SummaryPhrase[];
  /** What a complaint is about, in the agent's record of it. */
  complaintAbout?: SummaryPhrase[];
  /** Customer words that make the case a complaint whatever its type ("我要投诉"). */
  complaint?: string[];
  /** Mood words of the customer ("生气", "frustrated"); the clause holding one is quoted. */
  mood?: string[];
}

/**
 * Short wordings with their own `{{variables}}`; a wording whose variables are all empty is
 * left out, so "原因：{{reason}}" disappears when no reason was told.
 */
export interface SummaryLabels {
  /** `{{restated}}` and `{{words}}` (the customer's own). */
  need?: string;
  /** Only the customer's words, when the agent did not restate. */
  needWords?: string;
  /** `{{how}}`: the details checked. */
  identityVerified?: string;
  identityNotVerified?: string;
  identityNotNeeded?: string;
  /** `{{gist}}` of the agent's resolving turn. */
  resolved?: string;
  /** `{{department}}`. */
  referred?: string;
  /** `{{gist}}` of what the agent did before referring the case. */
  handled?: string;
  unresolved?: string;
  referralDepartment?: string;
  referralReason?: string;
  referralTime?: string;
  referralContact?: string;
  /** `{{due}}` (local time) and `{{text}}`. */
  commitment?: string;
  /** `{{about}}`. */
  complaint?: string;
  /** `{{quotes}}`. */
  mood?: string;
  /** `{{step}}`: an applicable step not done. */
  openStep?: string;
  /** `{{due}}` and `{{text}}`: a promise still to keep. */
  openCommitment?: string;
  /** `{{kind}}` and `{{title}}`. */
  knowledgeItem?: string;
  script?: string;
  article?: string;
  /** Between items of one part ("；", "; "). */
  separator?: string;
  /** Between the items of a list inside a part ("、", ", "). */
  list?: string;
  /** Around a quote: "“{{text}}”". */
  quote?: string;
  /** A referral whose notice told nothing of reason, time or contact. */
  referralUntold?: string;
}

/** What makes a ticket-field rule hold: every given part must. */
export interface FieldCondition {
  caseTypes?: string[];
  /** Steps done. */
  steps?: string[];
  /** Triggers set (`referral`, `account`…). */
  triggers?: string[];
  /** Alert kinds raised. */
  alerts?: string[];
  /** Patterns matching any turn (folded). */
  patterns?: string[];
}

/** A ticket field (category, result code): the first rule that holds gives its value. */
export interface TicketFieldRule {
  field: string;
  rules: Array<{ when: FieldCondition; value: string }>;
  default?: string;
}

export interface PackSummary {
  /**
   * The ticket text with `{{need}}`…`{{open}}` and case variables (`{{caseId}}`,
   * `{{customerName}}`); a line whose variables are all empty is dropped.
   */
  template: string;
  labels?: SummaryLabels;
  patterns?: SummaryPatterns;
  /** Steps that are never open items (the record step: this summary is the record). */
  notOpen?: string[];
  fields?: TicketFieldRule[];
}

/** Used when no enabled pack carries a summary section: every part, one per line. */
export const FALLBACK_SUMMARY: PackSummary = {
  template: [
    'Need: {{need}}',
    'Identity: {{identity}}',
    'Knowledge used: {{knowledge}}',
    'Result: {{result}}',
    'Referral: {{referral}}',
    'Commitments: {{commitment}}',
    'Complaint: {{complaint}}',
    'Mood: {{mood}}',
    'Open items: {{open}}',
  ].join('\n'),
  notOpen: ['record'],
};

/** The wordings a pack's summary section does not give. */
export const DEFAULT_SUMMARY_LABELS: Required<SummaryLabels> = {
  need: '{{restated}} ("{{words}}")',
  needWords: '"{{words}}"',
  identityVerified: 'verified ({{how}})',
  identityNotVerified: 'not verified',
  identityNotNeeded: 'not needed',
  resolved: 'resolved: {{gist}}',
  referred: 'referred to {{department}}',
  unresolved: 'open',
  referralDepartment: '{{department}}',
  referralReason: 'reason: {{reason}}',
  referralTime: 'expected: {{time}}',
  referralContact: 'contact: {{contact}}',
  commitment: '{{text}} (due {{due}})',
  complaint: '{{about}}',
  mood: 'customer said {{quotes}}',
  openStep: '{{step}}',
  openCommitment: '{{text}} (due {{due}})',
  knowledgeItem: '{{kind}} "{{title}}"',
  script: 'script',
  article: 'article',
  separator: '; ',
  list: ', ',
  quote: '"{{text}}"',
  referralUntold: 'no reason, time or contact told',
  handled: 'done: {{gist}}',
};

const phrase = obj({ patterns: req(list(regex, { min: 1 })), label: opt(str({ max: 200 })) });
const phrases = opt(list(phrase));

const LABEL_KEYS = [
  'need',
  'needWords',
  'identityVerified',
  'identityNotVerified',
  'identityNotNeeded',
  'resolved',
  'referred',
  'handled',
  'unresolved',
  'referralDepartment',
  'referralReason',
  'referralTime',
  'referralContact',
  'commitment',
  'complaint',
  'mood',
  'openStep',
  'openCommitment',
  'knowledgeItem',
  'script',
  'article',
  'separator',
  'list',
  'quote',
  'referralUntold',
] as const;

const labelText = str({ max: 1_000, empty: true });

const fieldRule = obj({
  field: req(str({ pattern: /^[A-Za-z][\w]*$/, hint: 'a ticket field name', max: 80 })),
  rules: req(
    list(
      obj({
        when: req(
          obj({
            caseTypes: opt(words),
            steps: opt(words),
            triggers: opt(words),
            alerts: opt(list(oneOf(ALERT_KINDS))),
            patterns: opt(list(regex)),
          }),
        ),
        value: req(str({ max: 200 })),
      }),
    ),
  ),
  default: opt(str({ max: 200 })),
});

/** Schema of the pack's `summary` section. */
export const summarySchema: Check = obj({
  template: req(str({ max: 5_000 })),
  labels: opt(obj(Object.fromEntries(LABEL_KEYS.map((k) => [k, opt(labelText)])))),
  patterns: opt(
    obj({
      restatement: phrases,
      filler: opt(list(regex)),
      notGist: opt(list(regex)),
      identityDetails: phrases,
      department: phrases,
      reason: phrases,
      time: phrases,
      contact: phrases,
      complaintAbout: phrases,
      complaint: opt(list(regex)),
      mood: opt(list(regex)),
    }),
  ),
  notOpen: opt(words),
  fields: opt(list(fieldRule)),
});

// Labels hold their own small variables; these are the ones each may use.
const LABEL_VARS: Record<string, string[]> = {
  need: ['restated', 'words'],
  needWords: ['words'],
  identityVerified: ['how'],
  resolved: ['gist'],
  referred: ['department'],
  handled: ['gist'],
  referralDepartment: ['department'],
  referralReason: ['reason'],
  referralTime: ['time'],
  referralContact: ['contact'],
  commitment: ['due', 'text'],
  complaint: ['about'],
  mood: ['quotes'],
  openStep: ['step'],
  openCommitment: ['due', 'text'],
  knowledgeItem: ['kind', 'title'],
  quote: ['text'],
};

/** Variables a summary template may use besides the slots: the case's known fields. */
export const TEMPLATE_VARIABLES: readonly string[] = [
  ...SUMMARY_SLOTS,
  ...KNOWN_FIELDS,
  'institution',
  'date',
];

/**
 * Placeholders that will never be filled: the draft removes them, and a trainer should know
 * before the pack ships. `path` is where the section sits in the pack (`summary`).
 */
export function summaryWarnings(summary: PackSummary, path = 'summary'): SchemaError[] {
  const out: SchemaError[] = [];
  for (const name of variablesOf(summary.template))
    if (!TEMPLATE_VARIABLES.includes(name))
      out.push({
        path: `${path}.template`,
        reason: `unknown placeholder {{${name}}}: it is removed from the draft`,
      });
  // Only the known wordings: a pack may carry other keys, which are never filled.
  for (const key of LABEL_KEYS) {
    const text = summary.labels?.[key];
    if (typeof text !== 'string') continue;
    const allowed = Object.hasOwn(LABEL_VARS, key) ? LABEL_VARS[key]! : [];
    for (const name of variablesOf(text))
      if (!allowed.includes(name))
        out.push({
          path: `${path}.labels.${key}`,
          reason: `unknown placeholder {{${name}}}: it is removed from the draft`,
        });
  }
  return out;
}
