import type { IndexSource } from '../../extension/search-worker.ts';
import type { SlaTimer } from '../../knowledge/case/sla.ts';
import { useT, type MessageKey } from '../shared/i18n.ts';
import { SlaBadge } from './SlaBadge.tsx';

/** The sidebar's title bar: response timer, the agent's role, language and help. */
export function TopBar({
  source,
  sla,
  role,
  help,
  onHelp,
  onLanguage,
}: {
  /** How the search index came (shown to tests and support, not to the agent). */
  source: IndexSource | undefined;
  sla: SlaTimer | undefined;
  role: string;
  help: boolean;
  onHelp: () => void;
  onLanguage: (language: 'zh-CN' | 'en') => void;
}) {
  const { t, locale } = useT();
  return (
    <header class="topbar" data-search-index={source}>
      <h1>{t('appTitle')}</h1>
      <div class="topbar-tools">
        {sla && <SlaBadge timer={sla} />}
        <span class="badge role" data-role={role}>
          {t(`role_${role}` as MessageKey)}
        </span>
        <select
          aria-label={t('language')}
          value={locale}
          onChange={(e) => onLanguage(e.currentTarget.value as 'zh-CN' | 'en')}
        >
          <option value="zh-CN">中文</option>
          <option value="en">EN</option>
        </select>
        <button type="button" aria-label={t('help')} aria-expanded={help} onClick={onHelp}>
          ?
        </button>
      </div>
    </header>
  );
}
