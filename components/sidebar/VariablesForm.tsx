import { useState } from 'preact/hooks';
import { translateOr, useT } from '../shared/i18n.ts';

/** Asks for the values a script still needs; nothing is inserted with a raw placeholder. */
export function VariablesForm({
  missing,
  onDone,
  onCancel,
}: {
  missing: string[];
  onDone: (values: Record<string, string>) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useT();
  const [values, setValues] = useState<Record<string, string>>({});
  const complete = missing.every((m) => (values[m] ?? '').trim() !== '');
  return (
    <form
      class="card variables"
      aria-labelledby="variables-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (complete) onDone(values);
      }}
    >
      <h2 id="variables-title">{t('fillVariables')}</h2>
      {missing.map((name, i) => (
        <label key={name}>
          <span class="small">{translateOr(locale, `variable_${name}`, name)}</span>
          <input
            name={name}
            autoFocus={i === 0}
            required
            value={values[name] ?? ''}
            onInput={(e) => setValues({ ...values, [name]: e.currentTarget.value })}
          />
        </label>
      ))}
      <div class="row">
        <button type="submit" class="primary" disabled={!complete}>
          {t('insert')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
