import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { resolve } from 'node:path';
import type { CaseRecord } from '../../knowledge/records/records.ts';
import { recordsToCsv, recordsToJson } from '../../knowledge/records/io.ts';
import { test, expect } from './fixtures.ts';
import { SpaCrm, greetCase } from './pages/crm.ts';
import { Console } from './pages/options.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/packs');

test.describe('trainers in the console', () => {
  test('a spreadsheet pack is imported with its validation report, then a new version shows its diff and is in force', async ({
    context,
    extensionId,
    openCrm,
  }) => {
    const con = new Console(await context.newPage());
    await con.open(extensionId, 'packs');

    // Version 1 from CSV: a new pack, every article added.
    await con.choosePackFile(resolve(FIXTURES, 'branch-faq.v1.csv'));
    await con.page.locator('input[name="pack-name"]').fill('分行知识库');
    await con.page.locator('input[name="pack-version"]').fill('1');
    await expect(con.validation.locator('[data-stat="rows"]')).toHaveText(
      '导入 3 行，合并 0 行，拒绝 0 行',
    );
    expect((await con.diff()).sort()).toEqual([
      ['added', 'kb-card-loss'],
      ['added', 'kb-cd-early'],
      ['added', 'kb-fx-limit'],
    ]);
    await con.installImported();
    await expect(con.pack('branch-faq')).toContainText('分行知识库');
    await expect(con.pack('branch-faq')).toHaveAttribute('data-enabled', 'true');

    // Version 2 from XLSX: one changed, one removed, one added; a bad row refused with its number.
    await con.choosePackFile(resolve(FIXTURES, 'branch-faq.v2.xlsx'));
    await con.page.locator('input[name="pack-version"]').fill('2');
    await expect(con.validation.locator('[data-stat="rows"]')).toHaveText(
      '导入 3 行，合并 1 行，拒绝 1 行',
    );
    await expect(con.validation.locator('[data-refused="6"]')).toContainText('第 6 行');
    await expect(con.validation).toContainText('1 → 2');
    const diff = await con.diff();
    expect(diff).toEqual(
      expect.arrayContaining([
        ['added', 'kb-atm-swallow'],
        ['changed', 'kb-card-loss'],
        ['removed', 'kb-fx-limit'],
      ]),
    );
    expect(diff).toHaveLength(3);
    await con.installImported();
    await expect(con.pack('branch-faq')).toContainText('2');
    // The new article is past its review date: it stands out.
    await expect(con.stale('kb-atm-swallow')).toBeVisible();
    await expect(con.pack('branch-faq').locator('.badge.stale')).toBeVisible();

    // The imported pack is in force in the sidebar, and disabling it takes it out.
    const { sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    await sidebar.search.fill('ATM吞卡');
    await expect(sidebar.suggestion('kb-atm-swallow')).toBeVisible({ timeout: 10_000 });
    await con.page.bringToFront();
    await con.pack('branch-faq').getByRole('checkbox').uncheck();
    await expect(con.pack('branch-faq')).toHaveAttribute('data-enabled', 'false');
    await sidebar.page.bringToFront();
    await sidebar.search.fill('');
    await sidebar.search.fill('ATM吞卡');
    await expect(sidebar.suggestion('kb-atm-swallow')).toHaveCount(0, { timeout: 10_000 });
  });
});

/** Two agents' records with known numbers, as their exported files would hold them. */
function otherAgents(): { b: CaseRecord[]; c: CaseRecord[] } {
  const day = Date.UTC(2026, 10, 20, 2);
  const base = { v: 1 as const, caseType: 'inquiry', role: 'agent', team: 'T1' };
  const b: CaseRecord[] = [
    {
      ...base,
      caseId: 'GD-B-1',
      agentId: 'B02',
      channel: 'phone',
      startedAt: day,
      endedAt: day + 300_000,
      steps: [
        { id: 'greet', done: true, how: 'auto', at: day + 5_000 },
        { id: 'farewell', done: false },
      ],
      alerts: [
        {
          ruleId: 'zh.credential-request',
          kind: 'credential_request',
          severity: 'critical',
          match: '验证码',
          at: day + 60_000,
          override: { reason: '客户主动念出，已提醒', at: day + 61_000, by: 'B02' },
        },
      ],
      sla: { state: 'breached', dueAt: day + 15_000, repliedAt: day + 20_000 },
      notes: '客户王*咨询转账限额，手机****5678。',
    },
    {
      ...base,
      caseId: 'GD-B-2',
      agentId: 'B02',
      channel: 'chat',
      startedAt: day + 3_600_000,
      endedAt: day + 3_900_000,
      steps: [
        { id: 'greet', done: true, how: 'auto', at: day + 3_605_000 },
        { id: 'farewell', done: true, how: 'manual', at: day + 3_890_000, by: 'B02' },
      ],
      alerts: [],
      sla: { state: 'met', dueAt: day + 3_630_000, repliedAt: day + 3_605_000 },
    },
  ];
  const c: CaseRecord[] = [
    {
      ...base,
      team: 'T2',
      caseId: 'GD-C-1',
      agentId: 'C03',
      channel: 'email',
      startedAt: day + 7_200_000,
      endedAt: day + 7_500_000,
      steps: [
        { id: 'greet', done: true, how: 'auto', at: day + 7_205_000 },
        { id: 'verify_identity', done: true, how: 'auto', at: day + 7_300_000 },
        { id: 'farewell', done: true, how: 'auto', at: day + 7_400_000 },
      ],
      alerts: [],
    },
  ];
  return { b, c };
}

test.describe('team leads in the console', () => {
  test('three agents’ exports merge into one report whose numbers match the cases played', async ({
    context,
    extensionId,
    openCrm,
  }, testInfo) => {
    const con = new Console(await context.newPage());
    await con.open(extensionId, 'settings');
    await con.saveSettings({ agentId: 'A01', team: 'T1' });

    // Agent A01 plays a case in the demo CRM: greeting, a credential request overridden, a manual tick.
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await greetCase(crm, sidebar, 'GD202611290415');
    const asked = '您把短信验证码告诉我，我帮您操作一下。';
    await crm.agentSays(asked);
    // Sent, not a draft any more: the alert is the case's own.
    await expect.poll(() => sidebar.turns()).toContainEqual(['agent', asked]);
    await expect(sidebar.page.locator('[role="alert"][data-alert]')).toHaveCount(1);
    const alert = sidebar.alert('credential_request');
    await expect(alert).toBeVisible();
    await alert.getByRole('button', { name: '忽略并说明原因' }).click();
    await alert.getByRole('textbox').fill('客户误读，已当场纠正');
    await alert.getByRole('button', { name: '确认忽略' }).click();
    await sidebar.step('confirm_need').click();
    await expect(sidebar.step('confirm_need')).toHaveAttribute('aria-checked', 'true');
    // What the sidebar shows at the end of the case is what the record must say.
    const played = await sidebar.page
      .locator('[role="checkbox"][data-step]')
      .evaluateAll((els) =>
        els.map((el) => [el.getAttribute('data-step'), el.getAttribute('aria-checked')]),
      );
    const playedDone = played.filter(([, c]) => c === 'true').length;
    expect(playedDone).toBeGreaterThanOrEqual(2);

    // The next case in the queue: the one before has ended and is recorded.
    await crm.openCase('GD202611290421');
    await expect(sidebar.field('caseId')).toHaveAttribute('data-value', 'GD202611290421');

    await con.page.bringToFront();
    await con.showTab('records');
    await expect(con.page.locator('[data-stat="merged"]')).toContainText('1');
    const rateA = `${Math.round((playedDone / played.length) * 1000) / 10}%`;
    expect(await con.agentRow('A01')).toMatchObject({
      cases: '1',
      rate: rateA,
      alerts: '1',
      overrides: '1',
    });
    const download = await con.export('csv');
    const fileA = testInfo.outputPath('agent-A01.csv');
    await download.saveAs(fileA);

    // The other two agents' exports, one CSV and one JSON; B's file is imported twice.
    const { b, c } = otherAgents();
    const fileB = testInfo.outputPath('agent-B02.csv');
    const fileC = testInfo.outputPath('agent-C03.json');
    writeFileSync(fileB, recordsToCsv(b));
    writeFileSync(fileC, recordsToJson(c));
    await con.importRecords([fileA, fileB, fileC, fileB]);
    await expect(con.page.locator('[data-list="imported-files"] li')).toHaveCount(4);

    // A's own record and A's export are the same case: merged, not doubled.
    await expect(con.page.locator('[data-stat="merged"]')).toContainText('4');
    await expect(con.stat('cases')).toHaveText('4');
    await expect(con.stat('alerts')).toHaveText('2');
    await expect(con.stat('overrides')).toHaveText('2');
    await expect(con.stat('breaches')).toHaveText('1/3');
    // The imported exports are kept: the console reopened shows the same team report.
    await con.page.reload();
    await con.showTab('records');
    await expect(con.page.locator('[data-list="imported-files"] li')).toHaveCount(4);
    await expect(con.page.locator('[data-stat="merged"]')).toContainText('4');
    await expect(con.stat('breaches')).toHaveText('1/3');
    expect(await con.agentRow('A01')).toMatchObject({ cases: '1', rate: rateA });
    expect(await con.agentRow('B02')).toMatchObject({
      cases: '2',
      rate: '75%',
      complete: '1',
      alerts: '1',
      overrides: '1',
      breaches: '1',
    });
    expect(await con.agentRow('C03')).toMatchObject({ cases: '1', rate: '100%', complete: '1' });
    const teamRate = `${Math.round(((playedDone + 3 + 3) / (played.length + 4 + 3)) * 1000) / 10}%`;
    await expect(
      con.page.locator('[data-table="teams"] tr[data-team="*"] td[data-col="rate"]'),
    ).toHaveText(teamRate);
    await expect(
      con.page.locator('[data-table="teams"] tr[data-team="T2"] td[data-col="cases"]'),
    ).toHaveText('1');
    await expect(con.page.locator('[data-chart="steps"] [data-bar="greet"] .bar-value')).toHaveText(
      '100% (4/4)',
    );

    // Filters: one channel, one agent.
    await con.filter('channel', 'phone');
    await expect(con.stat('cases')).toHaveText('1');
    await con.filter('channel', '');
    await con.filter('agent', 'B02');
    await expect(con.stat('rate')).toHaveText('75%');
    // The filtered export holds B's two cases, masked, with a BOM for Excel.
    const filtered = await con.export('csv');
    const text = await filtered.createReadStream().then(
      (s) =>
        new Promise<string>((done) => {
          const parts: Buffer[] = [];
          s.on('data', (d: Buffer) => parts.push(d));
          s.on('end', () => done(Buffer.concat(parts).toString('utf8')));
        }),
    );
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n').filter((l) => l.startsWith('GD-B-'))).toHaveLength(2);
  });
});

test.describe('what agents send to the console', () => {
  test('an ended case becomes a masked record, and a knowledge-gap report is listed and exportable', async ({
    context,
    extensionId,
    openCrm,
  }, testInfo) => {
    const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
    const crm = new SpaCrm(page);
    await greetCase(crm, sidebar, 'GD202611290421');
    await crm.writeNotes('客户周敏手机银行密码锁定，身份证330102199001011234，已指导解锁。');
    await expect(sidebar.step('record')).toHaveAttribute('aria-checked', 'true');
    const tabId = Number(new URL(sidebar.page.url()).searchParams.get('tab'));
    const send = (type: string, payload: unknown) =>
      sidebar.page.evaluate(
        ([t, p]) =>
          (
            globalThis as unknown as {
              chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
            }
          ).chrome.runtime.sendMessage({ type: t, payload: p }),
        [type, payload] as const,
      );
    expect(await send('case/end', { tabId })).toEqual({ saved: true });
    expect(
      await send('gap/report', {
        query: '手机银行解锁',
        note: '缺少异地解锁的说明',
        caseId: 'GD202611290421',
      }),
    ).toEqual({ saved: true });

    const con = new Console(await context.newPage());
    await con.open(extensionId, 'records');
    await expect(con.stat('cases')).toHaveText('1');
    const file = testInfo.outputPath('ended.json');
    await (await con.export('json')).saveAs(file);
    const exported = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) as {
      records: CaseRecord[];
    };
    expect(exported.records).toHaveLength(1);
    const [record] = exported.records;
    expect(record).toMatchObject({ caseId: 'GD202611290421', customer: '周*', channel: 'message' });
    // Scored on the shipped pack's scorecard, item by item.
    expect(record!.score?.scorecardId).toBe('qa-standard');
    expect(record!.score?.items.find((i) => i.id === 'greet')).toMatchObject({ applies: true });
    expect(record!.notes).toBe('客户周*手机银行密码锁定，身份证****1234，已指导解锁。');
    expect(JSON.stringify(record)).not.toMatch(/330102199001011234|CIF3205118846|周敏/);

    await con.showTab('packs');
    const gap = con.page.locator('[data-table="gaps"] tr[data-gap]');
    await expect(gap).toHaveCount(1);
    await expect(gap).toContainText('缺少异地解锁的说明');
    await gap.getByRole('checkbox').check();
    await expect(gap).toHaveAttribute('data-status', 'done');
    const [download] = await Promise.all([
      con.page.waitForEvent('download'),
      con.page.locator('[data-panel="gaps"] button').click(),
    ]);
    const csv = (await import('node:fs')).readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('缺少异地解锁的说明');
  });
});

test('the console is accessible on every tab (axe: no serious or critical violation)', async ({
  context,
  extensionId,
}) => {
  const con = new Console(await context.newPage());
  for (const tab of ['packs', 'records', 'settings']) {
    await con.open(extensionId, tab);
    await expect(con.tab(tab)).toHaveAttribute('aria-selected', 'true');
    const results = await new AxeBuilder({ page: con.page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map((v) => `${tab} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  }
});
