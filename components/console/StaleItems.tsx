/** Items of the installed packs past their review date. */
import type { PackEntry } from '../../knowledge/authoring/pack-set.ts';
import { pastReview } from '../../knowledge/authoring/review.ts';
import { useT } from '../shared/i18n.ts';

export function StaleItems({ entries }: { entries: PackEntry[] }) {
  const { t } = useT();
  const stale = entries.flatMap((e) =>
    pastReview(e.pack).map((s) => ({ ...s, pack: e.pack.name })),
  );
  if (stale.length === 0) return null;
  return (
    <section class="card stale" data-list="stale" aria-label={t('conStaleTitle')}>
      <h2>{t('conStaleTitle')}</h2>
      <ul>
        {stale.map((s) => (
          <li key={`${s.pack}:${s.section}:${s.id}`} data-stale={s.id}>
            <span class="badge stale">{t('reviewOverdue')}</span> {s.title}{' '}
            <span class="small muted">
              {s.pack} · {t('reviewBy')} {s.reviewBy}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
