/** Page object of the demo single-page CRM: what an agent and a customer do there. */
import type { Page } from '@playwright/test';

export class SpaCrm {
  constructor(readonly page: Page) {}

  async openCase(caseId: string): Promise<void> {
    await this.page.click(`li[data-case="${caseId}"]`);
  }

  /** Types into the reply editor as an agent would, without sending. */
  async draft(text: string): Promise<void> {
    const editor = this.page.locator('#composer');
    await editor.click();
    await editor.fill('');
    await editor.pressSequentially(text);
  }

  /** Types and sends an agent message. */
  async agentSays(text: string): Promise<void> {
    await this.draft(text);
    await this.page.click('#send');
  }

  async customerSays(text: string): Promise<void> {
    await this.page.evaluate(
      (t) =>
        (
          window as unknown as { demo: { addCustomerMessage(t: string): void } }
        ).demo.addCustomerMessage(t),
      text,
    );
  }

  async writeNotes(text: string): Promise<void> {
    await this.page.fill('#memo', text);
  }

  async replyText(): Promise<string> {
    return this.page.locator('#composer').innerText();
  }
}
