import { useT, type MessageKey } from '../shared/i18n.ts';

export const SHORTCUTS: [string, MessageKey][] = [
  ['/  ·  Ctrl+K', 'key_focusSearch'],
  ['↑ ↓', 'key_navigate'],
  ['Enter', 'key_insertSelected'],
  ['Alt+Enter', 'key_insertTop'],
  ['Alt+T', 'key_tickCurrent'],
  ['Alt+S', 'key_draftSummary'],
  ['Ctrl+Enter', 'key_insertSummary'],
  ['?', 'key_help'],
];

/** The keyboard shortcuts, listed where the agent can find them. */
export function HelpPopover({ onClose }: { onClose: () => void }) {
  const { t } = useT();
  return (
    <div class="card help" role="dialog" aria-labelledby="help-title">
      <h2 id="help-title">{t('helpTitle')}</h2>
      <dl>
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what} class="shortcut">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{t(what)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={onClose}>
        {t('close')}
      </button>
    </div>
  );
}
