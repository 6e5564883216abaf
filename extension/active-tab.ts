/** The active tab of the page's window, for a sidebar that follows it. */
import { browser } from 'wxt/browser';

/** The id of the active tab of the current window, if it has one. */
export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Calls back with the tab that becomes active; returns the unsubscribe. */
export function watchActiveTab(onActivated: (tabId: number) => void): () => void {
  const listener = ({ tabId }: { tabId: number }) => onActivated(tabId);
  browser.tabs.onActivated.addListener(listener);
  return () => browser.tabs.onActivated.removeListener(listener);
}
