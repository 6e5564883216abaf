/**
 * The reply draft of one frame: checked as the agent types (debounced), never in the middle of
 * an IME composition, with the inline warning kept beside the reply box.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { send } from '../../extension/messages.ts';
import { rememberCaret } from '../../extension/crm-insert.ts';
import type { DraftAlert } from '../../knowledge/case/tab.ts';
import { boxText } from '../../knowledge/crm/reader.ts';
import type { InlineWarning } from './warning.ts';

const DRAFT_DELAY_MS = 120;

export class DraftFollower {
  private composing = false;
  private timer: number | undefined;
  private lastDraft = '';
  private alerts: DraftAlert[] = [];

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly replyBox: () => Element | null,
    private readonly warning: InlineWarning,
  ) {}

  /** Shows the alerts of the draft (unless the agent is mid-composition). */
  show(next: DraftAlert[]): void {
    this.alerts = next;
    if (!this.composing) this.warning.show(this.replyBox(), this.alerts);
  }

  /** Checks the draft once the agent pauses. */
  check(): void {
    if (this.composing) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = this.ctx.setTimeout(() => {
      this.timer = undefined;
      this.sendDraft();
    }, DRAFT_DELAY_MS);
  }

  /** After a frame reading: the page may have changed the draft or re-rendered the box. */
  afterReport(): void {
    if (this.composing) return;
    const box = this.replyBox();
    // A draft the page changed by script (sent, cleared) without an input event.
    if (box && boxText(box) !== this.lastDraft) this.check();
    else if (this.alerts.length > 0)
      this.warning.show(box, this.alerts); // re-attach after a re-render
    else if (!box) this.warning.clear();
  }

  /** Follows typing, composition and the caret in the reply box. */
  follow(): void {
    const inReply = (e: Event): Element | null => {
      const box = this.replyBox();
      return box && e.target instanceof Node && box.contains(e.target) ? box : null;
    };
    const on = (type: string, fn: (e: Event) => void): void =>
      this.ctx.addEventListener(document, type as 'input', fn, { capture: true });
    on('compositionstart', (e) => {
      if (inReply(e)) this.composing = true;
    });
    on('compositionend', (e) => {
      if (!inReply(e)) return;
      this.composing = false;
      this.check();
    });
    on('input', (e) => {
      const box = inReply(e);
      if (!box) return;
      rememberCaret(box);
      if (!(e as InputEvent).isComposing) this.check();
    });
    for (const type of ['keyup', 'mouseup', 'focusout', 'select']) {
      on(type, (e) => {
        const box = inReply(e);
        if (box) rememberCaret(box);
      });
    }
    const box = this.replyBox();
    if (box && boxText(box) !== '') this.check();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private sendDraft(): void {
    const box = this.replyBox();
    if (!box || this.composing) return;
    const text = boxText(box);
    this.lastDraft = text;
    void send('crm/draft', { text })
      .then((r) => {
        // An answer to an older draft, or one arriving mid-composition, is not shown.
        if (!this.composing && text === this.lastDraft) this.show(r.alerts);
      })
      .catch(() => undefined);
  }
}
