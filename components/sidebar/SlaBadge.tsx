import { useEffect, useState } from 'preact/hooks';
import { slaView, type SlaTimer } from '../../knowledge/case/sla.ts';
import { useT } from '../shared/i18n.ts';

function clock(ms: number): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The channel's first-reply timer: counting down, amber when near, red when late. */
export function SlaBadge({ timer }: { timer: SlaTimer }) {
  const { t } = useT();
  const [now, setNow] = useState(Date.now());
  const view = slaView(timer, now);
  useEffect(() => {
    if (view.state !== 'running') return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [view.state]);
  const label =
    view.state === 'met'
      ? t('sla_met')
      : view.state === 'breached'
        ? t('sla_breached', clock(now - timer.dueAt))
        : t('sla_running', clock(view.remainingMs));
  return (
    <span class={`sla ${view.tone}`} data-sla={view.state} role="timer" aria-live="off">
      {label}
    </span>
  );
}
