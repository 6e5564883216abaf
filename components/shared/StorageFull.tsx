import { useT } from './i18n.ts';
import { useStorageFull } from './queries.ts';

/** Shown while the browser refuses to store more case records (what was saved is kept). */
export function StorageFull() {
  const { t } = useT();
  const full = useStorageFull();
  if (!full.data) return null;
  return (
    <p role="alert" class="error" data-alert="storage-full">
      {t('storageFull')}
    </p>
  );
}
