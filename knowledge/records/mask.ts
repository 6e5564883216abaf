/**
 * Masking of customer data before anything is stored or exported: names keep their first
 * letter (王* / J***), ID, phone, card and account numbers keep only their last four digits,
 * e-mail addresses keep their first letter and domain. Free text (notes, matched words) is
 * scanned for the same numbers wherever they appear, with or without spaces or dashes.
 */

/** How many trailing digits a masked number keeps. */
export const KEEP_DIGITS = 4;

/** A run of at least 7 digits (an ID may end in X), or 11+ digits grouped by spaces or dashes. */
const LONG_RUN = /\d{7,}[\dXx]?/g;
const GROUPED = /\d{2,}(?:[ \u00a0\u3000-]\d{2,}){2,}[Xx]?/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

const digitsOf = (s: string): string => s.replace(/[^\dXx]/g, '');

/** Masks a number to `****` plus its last four digits (an ID's final X counts as a digit). */
export function maskNumber(value: string): string {
  const d = digitsOf(value);
  return `****${d.slice(-KEEP_DIGITS)}`;
}

/** Masks a name: the first character for Chinese names (王*), the first letter for others (J***). */
export function maskName(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (n === '') return '';
  const first = Array.from(n)[0]!;
  return /[\u3400-\u9fff\uf900-\ufaff]/u.test(first) ? `${first}*` : `${first}***`;
}

/**
 * Masks an identifier such as a customer number (CIF4401207731 -> CIF****7731): letters before
 * the digits stay, the digits keep their last four.
 */
export function maskIdentifier(id: string | undefined): string {
  const v = (id ?? '').trim();
  if (v === '' || /\*{2,}/.test(v)) return v; // already masked
  const m = /^([A-Za-z]*)(.*)$/.exec(v)!;
  const rest = m[2]!;
  if (digitsOf(rest).length <= KEEP_DIGITS) return `${m[1]}****`;
  return `${m[1]}${maskNumber(rest)}`;
}

export interface MaskOptions {
  /** Names to mask wherever they appear (the customer's name from the case). */
  names?: string[];
  /** Tokens to leave untouched (the case id, which is not customer data). */
  keep?: string[];
}

/**
 * Masks customer data inside free text: long digit runs (ID, phone, card, account numbers),
 * grouped numbers (6222 0212 3456 7890, 138-1234-5678), e-mail addresses and the given names.
 * Dates (2026-11-29) and amounts (52,000) are left alone: too few digits per run.
 */
export function maskText(text: string | undefined, options: MaskOptions = {}): string {
  if (!text) return '';
  const names = (options.names ?? []).filter((n) => n.trim().length >= 2);
  // Most text holds no number or address at all: nothing to scan for.
  if (names.length === 0 && !/[\d@]/.test(text)) return text;
  const keep = (options.keep ?? []).filter((k) => k.length > 0);
  const slots: string[] = [];
  let out = text;
  // Tokens that must survive are parked behind placeholders no pattern can match.
  for (const k of keep) {
    if (!out.includes(k)) continue;
    slots.push(k);
    out = out.split(k).join(`\u0000${slots.length - 1}\u0000`);
  }
  for (const name of names) {
    const n = name.trim();
    out = out.split(n).join(maskName(n));
  }
  out = out.replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`);
  out = out.replace(GROUPED, (m) => (digitsOf(m).length >= 11 ? maskNumber(m) : m));
  out = out.replace(LONG_RUN, (m) => maskNumber(m));
  // eslint-disable-next-line no-control-regex
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => slots[Number(i)] ?? '');
}
