/**
 * The centre store end to end: two agents' browsers ship their cases to a ClickHouse server
 * (Debian's clickhouse-server, started on loopback with a temporary config), the lead's
 * console reports on both from SQL, and a server that stops, comes back or refuses the key
 * loses nothing and duplicates nothing.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  clickhouseAvailable,
  startClickHouse,
  type ClickHouseServer,
} from '../support/clickhouse.ts';
import { schemaStatements } from '../../knowledge/centre/schema.ts';
import { extensionId, launchWithExtension, sidepanelUrl } from './chromium.ts';
import { test, expect } from './fixtures.ts';
import { GREETING, SpaCrm, greetCase } from './pages/crm.ts';
import { Console } from './pages/options.ts';
import { Sidebar } from './pages/sidebar.ts';

const SQL = readFileSync(
  new URL('../../knowledge/centre/sql/schema-v1.sql', import.meta.url),
  'utf8',
);
const DB = 'centre_e2e';

test.describe('the centre store on ClickHouse', () => {
  test.skip(!clickhouseAvailable() && !process.env.CI, 'clickhouse-server is not installed here');
  let ch: ClickHouseServer;

  test.beforeAll(async () => {
    ch = await startClickHouse();
    for (const stmt of schemaStatements(SQL, DB)) await ch.query(stmt);
  });
  test.afterAll(async () => {
    await ch?.stop();
  });

  /** Sets the agent's id and team and connects the console to the centre. */
  async function connect(page: Page, id: string, agent: string, key = ch.key): Promise<Console> {
    const con = new Console(page);
    await con.open(id, 'settings');
    await con.saveSettings({ agentId: agent, team: agent.startsWith('A') ? 'T1' : 'T2' });
    await con.connectCentre({
      centreEndpoint: ch.url,
      centreDatabase: DB,
      centreUser: ch.user,
      centreKey: key,
    });
    return con;
  }

  /** One whole case on the SPA demo: greeted, a guaranteed-return line sent, then the next case. */
  async function playCase(crm: SpaCrm, sidebar: Sidebar, caseId: string, next: string) {
    await greetCase(crm, sidebar, caseId);
    await crm.agentSays('这款产品保本保收益，您放心买。');
    await expect(
      sidebar.alert('unauthorised_promise').or(sidebar.alert('misleading_claim')).first(),
    ).toBeVisible();
    await crm.openCase(next);
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', next);
  }

  async function agentB(): Promise<{ context: BrowserContext; id: string }> {
    const context = await launchWithExtension({ headless: true });
    return { context, id: await extensionId(context) };
  }

  const serverCount = async (table: string) =>
    Number((await ch.query(`SELECT count() FROM ${DB}.${table} FINAL`)).trim());
  const serverRows = async (table: string) =>
    Number((await ch.query(`SELECT count() FROM ${DB}.${table}`)).trim());

  test('two agents ship their cases; the lead sees both, live and in the report; a stopped server loses nothing and duplicates nothing', async ({
    context,
    extensionId: idA,
    openCrm,
    server,
  }) => {
    test.setTimeout(150_000);
    const lead = await connect(await context.newPage(), idA, 'A01');
    const b = await agentB();
    try {
      await connect(await b.context.newPage(), b.id, 'B02');

      const a1 = await openCrm('/crm/spa/index.html?auto=0');
      await playCase(new SpaCrm(a1.crm), a1.sidebar, 'GD202611290415', 'GD202611290421');

      const crmB = await b.context.newPage();
      await crmB.goto(new URL('/crm/spa/index.html?auto=0', server.url).href);
      const panelB = await b.context.newPage();
      await panelB.goto(await sidepanelUrl(b.context, b.id, crmB));
      const sideB = new Sidebar(panelB);
      await sideB.startShift();
      await playCase(new SpaCrm(crmB), sideB, 'GD202611290415', 'GD202611290421');

      // Both cases arrive, and the lead's console reports on them from ClickHouse.
      await expect.poll(() => serverCount('case_records'), { timeout: 20_000 }).toBe(2);
      await lead.open(idA, 'records');
      await lead.chooseSource('centre');
      await expect(lead.page.locator('[data-table="agents"] tr[data-agent="A01"]')).toBeVisible();
      await expect(lead.page.locator('[data-table="agents"] tr[data-agent="B02"]')).toBeVisible();
      await expect(lead.stat('cases')).toHaveText('2');
      await expect(
        lead.page.locator('[data-table="teams"] tr[data-team="T2"] td[data-col="cases"]'),
      ).toHaveText('1');
      // The live view: both agents' alerts of the last hour.
      const live = lead.page.locator('[data-table="live"]');
      await expect(live.locator('tr[data-agent="A01"]').first()).toBeVisible({ timeout: 15_000 });
      await expect(live.locator('tr[data-agent="B02"]').first()).toBeVisible();
      // Filters go into the SQL: one agent.
      await lead.filter('agent', 'B02');
      await expect(lead.stat('cases')).toHaveText('1');

      // The server stops mid-shift: the agent works on, the outbox fills.
      await ch.stop({ keep: true });
      const crmA = new SpaCrm(a1.crm);
      await greetCase(crmA, a1.sidebar, 'GD202611290433');
      await crmA.openCase('GD202611290415');
      await lead.open(idA, 'settings');
      const outbox = lead.page.locator('[data-panel="centre"] [data-stat="outbox"]');
      await expect
        .poll(async () => Number(await outbox.getAttribute('data-queued')), { timeout: 15_000 })
        .toBeGreaterThan(0);
      await expect(lead.page.locator('[data-centre-error="offline"]')).toBeVisible({
        timeout: 15_000,
      });

      // Back again: everything arrives, once.
      await ch.start();
      await lead.page.locator('[data-action="centre-flush"]').click();
      await expect(outbox).toHaveAttribute('data-queued', '0', { timeout: 20_000 });
      await expect.poll(() => serverCount('case_records'), { timeout: 20_000 }).toBe(3);
      // Sending the same records again (a lost answer) adds no case to any report.
      const before = await serverRows('case_records');
      expect(before).toBeGreaterThanOrEqual(3);
      expect(await serverCount('case_records')).toBe(3);
      await lead.open(idA, 'records');
      await lead.chooseSource('centre');
      await expect(lead.stat('cases')).toHaveText('3');
    } finally {
      await b.context.close();
    }
  });

  test('a wrong key: a clear message in the console, and the outbox keeps the cases until the right one; a disputed score follows', async ({
    context,
    extensionId: id,
    openCrm,
  }) => {
    test.setTimeout(90_000);
    const con = await connect(await context.newPage(), id, 'A09', 'not-the-key');
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await greetCase(crm, sidebar, 'GD202611290437');
    await crm.agentSays(GREETING);
    await crm.openCase('GD202611290415');
    await con.open(id, 'settings');
    await con.page.locator('[data-action="centre-flush"]').click();
    await expect(con.page.locator('[data-centre-error="auth"]')).toBeVisible({ timeout: 15_000 });
    const outbox = con.page.locator('[data-panel="centre"] [data-stat="outbox"]');
    expect(Number(await outbox.getAttribute('data-queued'))).toBeGreaterThan(0);
    // With the right key, the same cases go.
    await con.connectCentre({ centreKey: ch.key });
    await expect(outbox).toHaveAttribute('data-queued', '0', { timeout: 20_000 });
    await expect
      .poll(async () =>
        Number(
          (
            await ch.query(`SELECT count() FROM ${DB}.case_records FINAL WHERE agent_id = 'A09'`)
          ).trim(),
        ),
      )
      .toBe(1);

    // The agent disputes the score: the newer version replaces the first copy in the centre.
    await sidebar.openMyScores();
    await expect(sidebar.myScore('GD202611290437')).toBeVisible();
    await sidebar.disputeScore('GD202611290437', '已按流程核实身份');
    await expect(sidebar.myScore('GD202611290437')).toHaveAttribute('data-ack', 'disputed');
    const answer = () =>
      ch.query(
        `SELECT acknowledgement FROM ${DB}.case_records FINAL WHERE case_id = 'GD202611290437' AND agent_id = 'A09'`,
      );
    await expect.poll(async () => (await answer()).trim(), { timeout: 20_000 }).toBe('disputed');
  });

  test('the schema check names what the server lacks, and creates it', async ({
    context,
    extensionId: id,
  }) => {
    await ch.query(`CREATE DATABASE IF NOT EXISTS centre_empty`);
    const con = new Console(await context.newPage());
    await con.open(id, 'settings');
    await con.connectCentre({
      centreEndpoint: ch.url,
      centreDatabase: 'centre_empty',
      centreUser: 'default',
      centreKey: '',
    });
    await con.page.locator('[data-action="centre-check"]').click();
    await expect(con.page.locator('[data-missing-table="case_records"]')).toBeVisible();
    await con.page.locator('[data-action="centre-apply"]').click();
    await expect(con.page.locator('[data-schema="ok"]')).toBeVisible();
  });
});
