import type { StepView } from './views.ts';
import { useT } from '../shared/i18n.ts';

/** The SOP steps that apply to this case; each ticks itself or by hand, the current one stands out. */
export function Checklist({
  steps,
  onToggle,
}: {
  steps: StepView[];
  onToggle: (id: string, done: boolean) => void;
}) {
  const { t } = useT();
  return (
    <section class="card" aria-labelledby="checklist-title">
      <h2 id="checklist-title">{t('sectionChecklist')}</h2>
      <ul class="checklist">
        {steps.map((step) => (
          <li key={step.id} class={step.parent ? 'sub' : undefined}>
            <div
              role="checkbox"
              tabIndex={0}
              aria-checked={step.done ? 'true' : 'false'}
              aria-current={step.current ? 'step' : undefined}
              data-step={step.id}
              class={`step${step.done ? ' done' : ''}${step.current ? ' current' : ''}`}
              onClick={() => onToggle(step.id, !step.done)}
              onKeyDown={(e) => {
                if (e.key === ' ' || e.key === 'Enter') {
                  e.preventDefault();
                  onToggle(step.id, !step.done);
                }
              }}
            >
              <span class="box" aria-hidden="true">
                {step.done ? '✓' : ''}
              </span>
              <span class="title">{step.title}</span>
              {step.done && (
                <span class="why small muted">
                  {step.how === 'manual'
                    ? t('tickedByHand')
                    : step.turn !== undefined
                      ? t('tickedByTurn', step.turn + 1)
                      : t('tickedAuto')}
                </span>
              )}
            </div>
            {step.current && step.hint && <p class="hint small muted">{step.hint}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
