/** Checking a CRM profile as an import would, and the list of what is wrong with one. */
import { type CrmProfile, parseProfile, profileSelectors } from '../../knowledge/crm/profile.ts';
import type { SchemaError } from '../../knowledge/authoring/schema.ts';
import { useT } from '../shared/i18n.ts';

/**
 * Validates profile JSON as an import would: the schema (every error with its path), then the
 * CSS syntax of every selector, which needs a DOM and so is checked here.
 */
export function checkProfileJson(
  text: string,
): { ok: true; profile: CrmProfile } | { ok: false; errors: SchemaError[] } {
  const parsed = parseProfile(text);
  if (!parsed.ok) return parsed;
  const errors: SchemaError[] = [];
  for (const { path, selector } of profileSelectors(parsed.profile)) {
    try {
      document.createDocumentFragment().querySelector(selector);
    } catch {
      errors.push({ path, reason: `not a valid CSS selector: ${selector}` });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : parsed;
}

/** Errors of a refused profile, each with its path. */
export function ErrorList({ errors }: { errors: SchemaError[] }) {
  const { t } = useT();
  if (errors.length === 0) return null;
  return (
    <div role="alert" class="profile-errors">
      <p>{t('profileInvalid', errors.length)}</p>
      <ul class="errors">
        {errors.map((e, i) => (
          <li key={i} data-path={e.path}>
            <code>{e.path || '(root)'}</code> {e.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
