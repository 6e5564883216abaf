/** Items past their review-by date: the pack itself, its scripts and its articles. */
import { isPastReview, type Pack } from './pack.ts';

export interface StaleItem {
  section: 'pack' | 'scripts' | 'articles';
  id: string;
  title: string;
  reviewBy: string;
}

/** The pack and items whose review-by date has passed. */
export function pastReview(pack: Pack, today: Date = new Date()): StaleItem[] {
  const out: StaleItem[] = [];
  if (pack.reviewBy && isPastReview(pack.reviewBy, today))
    out.push({ section: 'pack', id: pack.id, title: pack.name, reviewBy: pack.reviewBy });
  for (const section of ['scripts', 'articles'] as const)
    for (const x of pack[section] ?? [])
      if (x.reviewBy && isPastReview(x.reviewBy, today))
        out.push({ section, id: x.id, title: x.title, reviewBy: x.reviewBy });
  return out;
}
