import { useEffect, useState } from 'preact/hooks';
import { activeTabId, watchActiveTab } from '../../extension/active-tab.ts';

/** Follows the active tab of this window, unless the panel was opened for one tab (`?tab=`). */
export function useTabId(boundTab: number | undefined): number | undefined {
  const [tabId, setTabId] = useState(boundTab);
  useEffect(() => {
    if (boundTab !== undefined) return;
    let alive = true;
    void activeTabId().then((id) => {
      if (alive && id !== undefined) setTabId(id);
    });
    const unwatch = watchActiveTab(setTabId);
    return () => {
      alive = false;
      unwatch();
    };
  }, [boundTab]);
  return tabId;
}
