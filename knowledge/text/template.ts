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
