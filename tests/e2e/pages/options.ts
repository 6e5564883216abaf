/** Page object of the console (options page): what trainers and team leads do there. */
import type { Download, Locator, Page } from '@playwright/test';

/** The console's packs, rules, records and settings tabs. */
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

  /** Fills the centre store's connection (only the fields given) and connects. */
  async connectCentre(values: Record<string, string>): Promise<void> {
    const form = this.page.locator('[data-panel="centre"]');
    for (const [name, value] of Object.entries(values))
      await form.locator(`[name="${name}"]`).fill(value);
    await form.locator('[data-action="centre-connect"]').click();
    await form.locator('[role="status"]').first().waitFor();
  }

  /** Chooses where the team report comes from: `local` or `centre`. */
  async chooseSource(source: 'local' | 'centre'): Promise<void> {
    await this.page.locator(`input[name="report-source"][value="${source}"]`).check();
  }

  /** Chooses an option of a settings select (e.g. `packLanguage`) and saves. */
  async chooseSetting(name: string, value: string): Promise<void> {
    await this.page.locator(`[data-panel="settings"] select[name="${name}"]`).selectOption(value);
    await this.page.locator('[data-panel="settings"] button[type="submit"]').click();
    await this.page.locator('[data-panel="settings"] [role="status"]').waitFor();
  }
}

/** The console's Rules tab: rules in force, the tester, local examples, dismissed alerts. */
export class RulesTab {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.locator('[data-panel="rules"]');
  }

  async chooseLanguage(locale: 'zh-CN' | 'en'): Promise<void> {
    await this.panel.locator('select[name="rules-language"]').selectOption(locale);
  }

  /** A rule's card (a `<details>`), opened. */
  async openRule(id: string): Promise<Locator> {
    const card = this.rule(id);
    if ((await card.getAttribute('open')) === null) await card.locator('summary').click();
    return card;
  }

  rule(id: string): Locator {
    return this.panel.locator(`details[data-rule="${id}"]`);
  }

  /** The example sentences a rule card lists of one kind. */
  examples(id: string, kind: 'flag' | 'ok'): Locator {
    return this.rule(id).locator(`ul[data-examples="${kind}"] > li`);
  }

  /** The examples of one kind added on this machine. */
  localExamples(id: string, kind: 'flag' | 'ok'): Locator {
    return this.rule(id).locator(`ul[data-examples="${kind}"] > li[data-local]`);
  }

  async addExample(id: string, kind: 'flag' | 'ok', text: string): Promise<void> {
    const form = (await this.openRule(id)).locator('form[data-form="add-example"]');
    await form.locator('input[name="example-text"]').fill(text);
    await form.locator('select[name="example-kind"]').selectOption(kind);
    await form.locator('button[data-action="add-example"]').click();
  }

  /** Types a sentence into the tester (checked live, after a short pause). */
  async test(text: string, role?: string): Promise<void> {
    if (role) await this.panel.locator('select[name="tester-role"]').selectOption(role);
    await this.panel.locator('textarea[name="tester-text"]').fill(text);
  }

  /** The tester's alerts, one per rule (`data-alert-rule`). */
  get alerts(): Locator {
    return this.panel.locator('[data-list="tester-alerts"] > li');
  }

  testerAlert(ruleId: string): Locator {
    return this.panel.locator(`[data-list="tester-alerts"] > li[data-alert-rule="${ruleId}"]`);
  }

  get noAlert(): Locator {
    return this.panel.locator('[data-result="no-alert"]');
  }

  /** The dismissed alerts of one rule. */
  dismissed(ruleId: string): Locator {
    return this.panel.locator(`[data-section="dismissed"] [data-dismissed-rule="${ruleId}"] li`);
  }
}
