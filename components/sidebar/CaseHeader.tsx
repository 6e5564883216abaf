import type { CaseLanguage } from '../../knowledge/case/language.ts';
import type { FieldReading } from '../../knowledge/crm/reader.ts';
import { KNOWN_FIELDS } from '../../knowledge/types.ts';
import { translateOr, useT, type MessageKey } from '../shared/i18n.ts';

const VALUE_LABELS: Record<string, string> = { channel: 'channel_', caseType: 'caseType_' };

/**
 * Which packs check the case, discreetly: 中文, EN or 中英, with what decided it on hover.
 * `data-case-language` is the primary locale, `data-bilingual` whether both packs run.
 */
export function CaseLanguageBadge({ language }: { language: CaseLanguage }) {
  const { t } = useT();
  const which = language.bilingual ? 'both' : language.primary === 'en' ? 'en' : 'zh';
  const title = t(
    'caseLanguageTitle',
    t(`caseLanguageName_${which}` as MessageKey),
    t(`caseLanguageSource_${language.source}` as MessageKey),
  );
  return (
    <span
      class="badge case-language"
      data-case-language={language.primary}
      data-bilingual={String(language.bilingual)}
      title={title}
    >
      {t(`caseLanguage_${which}` as MessageKey)}
    </span>
  );
}

/** The fields read from the CRM; a field the profile names but the page lacks shows as not found. */
export function CaseHeader({
  fields,
  profileName,
  language,
}: {
  fields: Record<string, FieldReading>;
  profileName: string;
  /** The case's pack languages (absent in a state kept by an older version). */
  language?: CaseLanguage | undefined;
}) {
  const { t, locale } = useT();
  const names = [
    ...KNOWN_FIELDS.filter((f) => f in fields),
    ...Object.keys(fields).filter((f) => !(KNOWN_FIELDS as readonly string[]).includes(f)),
  ];
  return (
    <section class="card" aria-labelledby="case-title">
      <div class="case-title-row">
        <h2 id="case-title">{t('sectionCase')}</h2>
        {language && <CaseLanguageBadge language={language} />}
      </div>
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
