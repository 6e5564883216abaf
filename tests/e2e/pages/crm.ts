/** Page object of the demo single-page CRM: what an agent and a customer do there. */
import { expect, type Page } from '@playwright/test';
import type { Sidebar } from './sidebar.ts';

/** The agent's compliant opening line (it ticks `greet`). */
export const GREETING = '您好，很高兴为您服务，我是XX金融的客服代表10086，请问有什么可以帮到您？';

/** Opens a case and greets the customer, as every whole-case flow begins; the sidebar follows. */
export async function greetCase(crm: SpaCrm, sidebar: Sidebar, caseId: string): Promise<void> {
  await crm.openCase(caseId);
  await expect(sidebar.field('caseId')).toHaveAttribute('data-value', caseId);
  await crm.agentSays(GREETING);
  await expect(sidebar.step('greet')).toHaveAttribute('aria-checked', 'true');
}

/** What every demo CRM page lets an agent do: type or send a reply, let the customer speak. */
class DemoCrm {
  constructor(
    readonly page: Page,
    private readonly replyBox: string,
  ) {}

  /** Types into the reply box as an agent would, without sending. */
  async draft(text: string): Promise<void> {
    const box = this.page.locator(this.replyBox);
    await box.click();
    await box.fill('');
    await box.pressSequentially(text);
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
}

/** Page object of the demo SPA CRM (a case list, a contenteditable composer, a memo). */
export class SpaCrm extends DemoCrm {
  constructor(page: Page) {
    super(page, '#composer');
  }

  async openCase(caseId: string): Promise<void> {
    await this.page.click(`li[data-case="${caseId}"]`);
  }

  async writeNotes(text: string): Promise<void> {
    await this.page.fill('#memo', text);
  }
}

/** Page object of the demo English CRM (one case, a plain textarea reply box). */
export class EnglishCrm extends DemoCrm {
  constructor(page: Page) {
    super(page, '#reply');
  }
}
