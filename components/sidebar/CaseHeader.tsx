import type { FieldReading } from '../../knowledge/crm/reader.ts';
import { KNOWN_FIELDS } from '../../knowledge/types.ts';
import { translateOr, useT } from '../shared/i18n.ts';

const VALUE_LABELS: Record<string, string> = { channel: 'channel_', caseType: 'caseType_' };

/** The fields read from the CRM; a field the profile names but the page lacks shows as not found. */
export function CaseHeader({
  fields,
  profileName,
}: {
  fields: Record<string, FieldReading>;
  profileName: string;
}) {
  const { t, locale } = useT();
  const names = [
    ...KNOWN_FIELDS.filter((f) => f in fields),
    ...Object.keys(fields).filter((f) => !(KNOWN_FIELDS as readonly string[]).includes(f)),
  ];
  return (
    <section class="card" aria-labelledby="case-title">
      <h2 id="case-title">{t('sectionCase')}</h2>
      <dl class="fields">
        {names.map((name) => {
          const f = fields[name]!;
          const prefix = VALUE_LABELS[name];
          const shown =
            f.value === undefined
              ? t('fieldMissing')
              : prefix
                ? translateOr(locale, prefix + f.value, f.value)
                : f.value;
          return (
            <div
              key={name}
              class={f.value === undefined ? 'field missing' : 'field'}
              data-field={name}
              data-value={f.value ?? ''}
              data-status={f.status}
            >
              <dt>{translateOr(locale, `field_${name}`, name)}</dt>
              <dd>{shown}</dd>
            </div>
          );
        })}
      </dl>
      <p class="muted small">{t('profileLabel', profileName)}</p>
    </section>
  );
}
