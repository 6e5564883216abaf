/** Page object of the options page's CRM-mapping tab: profile list, import/edit, picker. */
import type { Locator, Page } from '@playwright/test';

export class CrmProfilesPage {
  constructor(
    readonly page: Page,
    readonly extensionId: string,
  ) {}

  /** Opens the options page on the CRM-mapping tab. */
  async open(): Promise<this> {
    await this.page.goto(`chrome-extension://${this.extensionId}/options.html#profiles`);
    await this.page.locator('[role="tab"][data-tab="profiles"]').click();
    await this.page.locator('.profile-editor').waitFor();
    return this;
  }

  row(id: string, source?: 'bundled' | 'user'): Locator {
    const s = source ? `[data-source="${source}"]` : '';
    return this.page.locator(`tr[data-profile="${id}"]${s}`);
  }

  rows(source: 'bundled' | 'user'): Locator {
    return this.page.locator(`tr[data-profile][data-source="${source}"]`);
  }

  action(name: string, within?: Locator): Locator {
    return (within ?? this.page).locator(`[data-action="${name}"]`);
  }

  async importJson(name: string, content: string): Promise<void> {
    await this.action('import').setInputFiles({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(content, 'utf8'),
    });
  }

  /** The paths of the errors shown for a refused profile. */
  errorPaths(): Promise<string[]> {
    return this.page
      .locator('.errors li[data-path]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-path') ?? ''));
  }

  get editor(): Locator {
    return this.page.locator('textarea[data-editor="profile"]');
  }

  // --- The picker panel.
  target(name: string): Locator {
    return this.page.locator(`tr[data-target="${name}"]`);
  }

  result(name: string): Locator {
    return this.target(name).locator('[data-role="result"]');
  }

  selector(name: string): Locator {
    return this.target(name).locator('textarea[data-role="selector"]');
  }

  /** Chooses the open tab whose URL contains `part`. */
  async chooseTab(part: string): Promise<void> {
    await this.action('reload-tabs').click();
    const select = this.action('tab');
    const value = await select
      .locator('option')
      .evaluateAll(
        (opts, p) => (opts as HTMLOptionElement[]).find((o) => o.textContent?.includes(p))?.value,
        part,
      );
    if (!value) throw new Error(`no open tab with ${part}`);
    await select.selectOption(value);
  }
}
