/**
 * The inline warning next to the CRM's reply box: a small element of our own in a shadow root,
 * so the CRM's CSS neither reaches it nor is touched by it. Text only: alert titles, matched
 * words and alternatives come from packs and the draft, and are never parsed as HTML.
 */
import type { DraftAlert } from '../../knowledge/case/tab.ts';

export const WARNING_TAG = 'sop-copilot-warning';

export interface WarningLabels {
  heading: string;
  matched: string;
  instead: string;
}

const STYLE = `
  :host { all: initial; }
  .box { box-sizing: border-box; margin: 4px 0; padding: 6px 8px; border-left: 3px solid #c62828;
    background: #fff4f4; color: #3b0d0d; font: 12px/1.5 system-ui, "PingFang SC",
    "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; max-width: 640px; }
  .head { font-weight: 600; margin: 0 0 2px; }
  ul { margin: 0; padding: 0; list-style: none; }
  li + li { margin-top: 4px; border-top: 1px dashed #e5b5b5; padding-top: 4px; }
  .title { font-weight: 600; }
  mark { background: #ffd8d8; color: inherit; padding: 0 2px; }
  .instead { color: #1b5e20; }
`;

/** Owns one warning host per frame; shows, updates and removes it. */
export class InlineWarning {
  private host: HTMLElement | null = null;
  private list: HTMLUListElement | null = null;
  private shown = '';

  constructor(
    private readonly doc: Document,
    private readonly labels: () => WarningLabels,
  ) {}

  /** Whether a node belongs to the warning (the page's observer ignores those changes). */
  owns(node: Node | null): boolean {
    return this.host !== null && node !== null && (node === this.host || this.host.contains(node));
  }

  /** Whether a mutation is only the warning being added, removed or changed. */
  ownsRecord(r: MutationRecord): boolean {
    if (this.owns(r.target)) return true;
    if (r.type !== 'childList') return false;
    const nodes = [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)];
    return nodes.length > 0 && nodes.every((n) => n.nodeName.toLowerCase() === WARNING_TAG);
  }

  /** Mirrors the draft's alerts next to the box; an empty list removes the warning. */
  show(box: Element | null, alerts: readonly DraftAlert[]): void {
    if (!box || alerts.length === 0) {
      this.clear();
      return;
    }
    const key = JSON.stringify(alerts.map((a) => [a.id, a.title, a.match, a.alternative]));
    const host = this.ensureHost(box);
    if (key === this.shown && host.isConnected) return;
    this.shown = key;
    this.render(alerts);
  }

  clear(): void {
    this.host?.remove();
    this.host = null;
    this.list = null;
    this.shown = '';
  }

  private ensureHost(box: Element): HTMLElement {
    if (!this.host) {
      const host = this.doc.createElement(WARNING_TAG);
      // Inline and !important: no rule of the page can restyle or hide our host.
      host.style.cssText = 'all: initial !important; display: block !important;';
      host.setAttribute('role', 'status');
      const root = host.attachShadow({ mode: 'open' });
      const style = this.doc.createElement('style');
      style.textContent = STYLE;
      const box2 = this.doc.createElement('div');
      box2.className = 'box';
      const head = this.doc.createElement('p');
      head.className = 'head';
      const list = this.doc.createElement('ul');
      box2.append(head, list);
      root.append(style, box2);
      this.host = host;
      this.list = list;
    }
    // Right after the reply box (re-attached when the page re-rendered it away).
    if (this.host.previousElementSibling !== box) {
      if (box.parentNode) box.parentNode.insertBefore(this.host, box.nextSibling);
      else this.doc.body?.append(this.host);
    }
    return this.host;
  }

  private render(alerts: readonly DraftAlert[]): void {
    const labels = this.labels();
    const root = this.host?.shadowRoot;
    const head = root?.querySelector('.head');
    if (!root || !head || !this.list) return;
    head.textContent = `⚠ ${labels.heading}`;
    const items = alerts.map((a) => {
      const li = this.doc.createElement('li');
      li.setAttribute('role', 'alert');
      li.setAttribute('data-alert', a.kind);
      li.setAttribute('data-severity', a.severity);
      const title = this.doc.createElement('div');
      title.className = 'title';
      title.textContent = a.title;
      li.append(title);
      if (a.match) {
        const matched = this.doc.createElement('div');
        const mark = this.doc.createElement('mark');
        mark.textContent = a.match;
        matched.append(`${labels.matched} `, mark);
        li.append(matched);
      }
      if (a.alternative) {
        const instead = this.doc.createElement('div');
        instead.className = 'instead';
        instead.textContent = `${labels.instead} ${a.alternative}`;
        li.append(instead);
      }
      return li;
    });
    this.list.replaceChildren(...items);
  }
}
