/** Page object of the console (options page): what trainers and team leads do there. */
import type { Download, Locator, Page } from '@playwright/test';

/** The console's packs, records and settings tabs. */
export class Console {
  constructor(readonly page: Page) {}

  /** Opens the console on one tab (packs, profiles, records, settings). */
  async open(extensionId: string, tab: string): Promise<void> {
    await this.page.goto(`chrome-extension://${extensionId}/options.html#${tab}`);
    await this.tab(tab).waitFor();
  }

  tab(name: string): Locator {
    return this.page.locator(`[role="tab"][data-tab="${name}"]`);
  }

  async showTab(name: string): Promise<void> {
    await this.tab(name).click();
  }

  // Packs

  pack(id: string): Locator {
    return this.page.locator(`[data-table="packs"] tr[data-pack="${id}"]`);
  }

  async choosePackFile(path: string): Promise<void> {
    await this.page.locator('input[type="file"][name="pack-file"]').setInputFiles(path);
  }

  get validation(): Locator {
    return this.page.locator('[data-report="validation"]');
  }

  /** The diff items of the pack being imported: [change, item id]. */
  async diff(): Promise<[string, string][]> {
    return this.page
      .locator('[data-list="diff"] [data-change]')
      .evaluateAll((els) =>
        els.map((el) => [el.getAttribute('data-change') ?? '', el.getAttribute('data-item') ?? '']),
      ) as Promise<[string, string][]>;
  }

  async installImported(): Promise<void> {
    await this.validation.getByRole('button', { name: /安装|Install/ }).click();
  }

  stale(id: string): Locator {
    return this.page.locator(`[data-list="stale"] [data-stale="${id}"]`);
  }

  // Records

  async importRecords(paths: string[]): Promise<void> {
    await this.page.locator('input[type="file"][name="records-files"]').setInputFiles(paths);
  }

  stat(name: string): Locator {
    return this.page.locator(`.summary [data-stat="${name}"] dd`);
  }

  /** A row of the per-agent table, as { cases, rate, alerts, overrides, breaches }. */
  async agentRow(agent: string): Promise<Record<string, string>> {
    return this.page
      .locator(`[data-table="agents"] tr[data-agent="${agent}"] td[data-col]`)
      .evaluateAll((tds) =>
        Object.fromEntries(tds.map((td) => [td.getAttribute('data-col'), td.textContent ?? ''])),
      ) as Promise<Record<string, string>>;
  }

  async filter(name: string, value: string): Promise<void> {
    await this.page.locator(`.filters select[name="${name}"]`).selectOption(value);
  }

  /** Clicks an export button and returns the download. */
  async export(kind: 'csv' | 'json'): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.locator(`[data-action="export-${kind}"]`).click(),
    ]);
    return download;
  }

  // Settings

  async saveSettings(values: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(values))
      await this.page.locator(`[data-panel="settings"] [name="${name}"]`).fill(value);
    await this.page.locator('[data-panel="settings"] button[type="submit"]').click();
    await this.page.locator('[data-panel="settings"] [role="status"]').waitFor();
  }

  /** Chooses an option of a settings select (e.g. `packLanguage`) and saves. */
  async chooseSetting(name: string, value: string): Promise<void> {
    await this.page.locator(`[data-panel="settings"] select[name="${name}"]`).selectOption(value);
    await this.page.locator('[data-panel="settings"] button[type="submit"]').click();
    await this.page.locator('[data-panel="settings"] [role="status"]').waitFor();
  }
}
