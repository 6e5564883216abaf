/** Page object of the sidebar: only the hooks of the shared ui-hooks contract and visible text. */
import type { Locator, Page } from '@playwright/test';

export class Sidebar {
  constructor(readonly page: Page) {}

  field(name: string): Locator {
    return this.page.locator(`[data-field="${name}"]`);
  }

  step(id: string): Locator {
    return this.page.locator(`[role="checkbox"][data-step="${id}"]`);
  }

  alert(kind: string): Locator {
    return this.page.locator(`[role="alert"][data-alert="${kind}"]`);
  }

  /** The case header's badge of the packs in force (`data-case-language`, `data-bilingual`). */
  get caseLanguage(): Locator {
    return this.page.locator('[data-case-language]');
  }

  suggestion(id: string): Locator {
    return this.page.locator(`[data-suggestion="${id}"]`);
  }

  /** The start-of-shift panel shows on the first open of a shift; start work from it. */
  get shiftPanel(): Locator {
    return this.page.locator('[data-panel="shift"]');
  }

  async startShift(): Promise<void> {
    await this.shiftPanel.waitFor({ timeout: 5_000 });
    await this.shiftPanel.getByRole('button').first().click();
    await this.shiftPanel.waitFor({ state: 'detached' });
  }

  /** The collapsible "My QA scores" section. */
  get myScores(): Locator {
    return this.page.locator('details[data-panel="my-scores"]');
  }

  /** One scored case in it (`data-ack`: none, acknowledged or disputed). */
  myScore(caseId: string): Locator {
    return this.myScores.locator(`li[data-my-score="${caseId}"]`);
  }

  /** Opens the section from the keyboard, as an agent without a mouse would. */
  async openMyScores(): Promise<void> {
    await this.myScores.locator('summary').focus();
    await this.page.keyboard.press('Enter');
    await this.myScores.and(this.page.locator('[open]')).waitFor();
  }

  async acknowledgeScore(caseId: string): Promise<void> {
    await this.myScore(caseId).locator('button[data-action="acknowledge"]').click();
  }

  /** Disputes a case's score: the reason asked for, then sent (an empty one is refused). */
  async disputeScore(caseId: string, reason: string): Promise<void> {
    const item = this.myScore(caseId);
    if (await item.locator('button[data-action="dispute"]').isVisible())
      await item.locator('button[data-action="dispute"]').click();
    await item.locator('textarea[name="dispute-reason"]').fill(reason);
    await item.locator('button[data-action="send-dispute"]').click();
  }

  get search(): Locator {
    return this.page.locator('input[type="search"]');
  }

  /** The transcript turns as the sidebar shows them: [speaker, text]. */
  async turns(): Promise<[string, string][]> {
    return this.page
      .locator('[data-turn]')
      .evaluateAll((els) =>
        els.map((el) => [
          el.getAttribute('data-speaker') ?? '',
          el.querySelector('.text')?.textContent ?? '',
        ]),
      ) as Promise<[string, string][]>;
  }
}
