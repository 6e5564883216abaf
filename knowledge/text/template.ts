/**
 * Script templates: `{{variable}}` placeholders filled from the case and the agent's settings.
 * A raw placeholder must never reach a customer, so filling reports what is still missing.
 */

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** The variable names a template uses, in order of first use. */
export function variablesOf(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (!names.includes(m[1]!)) names.push(m[1]!);
  return names;
}

export interface Filled {
  text: string;
  /** Variables with no value: the text still holds their placeholders. */
  missing: string[];
}

/** Fills every placeholder that has a non-empty value; the rest are listed as missing. */
export function fillTemplate(text: string, values: Record<string, string | undefined>): Filled {
  const missing: string[] = [];
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    const v = values[name];
    if (v === undefined || v.trim() === '') {
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    return v;
  });
  return { text: out, missing };
}

/** True when the text still holds a placeholder (checked before anything is inserted). */
export function hasPlaceholder(text: string): boolean {
  return /\{\{\s*[\w.-]+\s*\}\}/.test(text);
}

// Braces in a customer's words must not read as a placeholder in a filled text.
const unbrace = (v: string): string => v.replace(/\{\{|\}\}/g, (m) => m[0]!);

/**
 * Fills a short wording ("原因：{{reason}}"): when all its variables are empty the wording is
 * left out (''), and a variable without a value is removed rather than shown raw.
 */
export function fillWording(text: string, values: Record<string, string | undefined>): string {
  const names = variablesOf(text);
  if (names.length > 0 && names.every((n) => !values[n]?.trim())) return '';
  return text.replace(PLACEHOLDER, (_, n: string) => unbrace(values[n]?.trim() ?? ''));
}

/**
 * Fills a template line by line: a line whose variables are all empty is dropped, any other
 * placeholder without a value (or unknown) is removed, so no raw `{{…}}` is left. `always`
 * names variables that are known even when absent from `values`.
 */
export function fillLines(
  text: string,
  values: Record<string, string | undefined>,
  always: readonly string[] = [],
): string {
  const value = (n: string): string =>
    always.includes(n) || Object.hasOwn(values, n) ? unbrace(values[n]?.trim() ?? '') : '';
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const names = variablesOf(line);
    if (names.length > 0 && names.every((n) => !value(n))) continue;
    lines.push(line.replace(PLACEHOLDER, (_, n: string) => value(n)));
  }
  return unbrace(lines.join('\n')).trim();
}
