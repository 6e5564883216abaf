import { readFileSync, writeFileSync } from 'node:fs';
import type { CaseRecord, StepRecord } from '../../knowledge/records/records.ts';
import { recordsToJson } from '../../knowledge/records/io.ts';
import { scoreRecord } from '../../knowledge/records/scorecard.ts';
import { shippedPack } from '../support/shipped-packs.ts';
import { test, expect } from './fixtures.ts';
import { SpaCrm, greetCase } from './pages/crm.ts';
import { Console } from './pages/options.ts';

/** Three scored cases of two agents: full marks, a missed greeting, a red line crossed. */
function scoredCases(): CaseRecord[] {
  const card = shippedPack('sop', 'zh-CN').scorecard!;
  const day = Date.UTC(2026, 10, 20, 2);
  const done = (...ids: string[]): StepRecord[] => ids.map((id) => ({ id, done: true }));
  const common = ['confirm_need', 'resolve', 'farewell', 'record'];
  const make = (caseId: string, agentId: string, team: string, at: number, steps: StepRecord[]) => {
    const r: CaseRecord = {
      v: 1,
      caseId,
      agentId,
      team,
      channel: 'chat',
      caseType: 'inquiry',
      role: 'agent',
      startedAt: day + at,
      endedAt: day + at + 300_000,
      steps,
      alerts: [],
      sla: { state: 'met', dueAt: day + at + 30_000, repliedAt: day + at + 5_000 },
    };
    return { ...r, score: scoreRecord(r, card) };
  };
  return [
    make('GD-S-1', 'B02', 'T1', 0, done('greet', ...common)),
    make('GD-S-2', 'B02', 'T1', 3_600_000, [{ id: 'greet', done: false }, ...done(...common)]),
    make('GD-S-3', 'C03', 'T2', 7_200_000, [
      ...done('greet', ...common),
      { id: 'verify_identity', done: false },
    ]),
  ];
}

test('a team lead sees the score spread, adjusts an item with a reason and marks a case for coaching', async ({
  context,
  extensionId,
}, testInfo) => {
  const cases = scoredCases();
  expect(cases.map((r) => r.score?.score)).toEqual([100, 89, 0]);
  const file = testInfo.outputPath('scored.json');
  writeFileSync(file, recordsToJson(cases));

  const con = new Console(await context.newPage());
  await con.open(extensionId, 'records');
  await con.importRecords([file]);
  const scores = con.page.locator('[data-section="scores"]');
  const tile = (k: string) => scores.locator(`[data-score-stat="${k}"] dd`);
  await expect(tile('scored')).toHaveText('3/3');
  await expect(tile('zeroed')).toHaveText('1');
  await expect(tile('coaching')).toHaveText('0');
  const band = (id: string) =>
    scores.locator(`[data-chart="score-buckets"] [data-bar="${id}"] .bar-value`);
  await expect(band('0-59')).toHaveText(/^1 · /);
  await expect(band('80-89')).toHaveText(/^1 · /);
  await expect(band('90-100')).toHaveText(/^1 · /);
  await expect(
    scores.locator('[data-table="score-agents"] tr[data-row="B02"] td[data-col="mean"]'),
  ).toHaveText('94.5');
  await expect(
    scores.locator('[data-chart="score-items"] [data-bar="greet"] .bar-value'),
  ).toHaveText('66.7% (2/3)');

  // The lowest score comes first; the missed greeting is adjusted after listening to the call.
  await expect(scores.locator('li[data-review]').first()).toHaveAttribute('data-review', 'GD-S-3');
  const review = scores.locator('li[data-review="GD-S-2"]');
  await review.locator('summary').click();
  await expect(review.locator('tr[data-item="greet"] td[data-col="points"]')).toHaveText('0/10');
  const adjust = review.locator('form[data-form="adjust"]');
  await adjust.locator('select[name="item"]').selectOption('greet');
  await adjust.locator('input[name="points"]').fill('10');
  await expect(adjust.locator('button[data-action="adjust"]')).toBeDisabled();
  await adjust.locator('input[name="reason"]').fill('录音中有问候，识别遗漏');
  await adjust.locator('button[data-action="adjust"]').click();
  await expect(review.locator('[data-review-notice]')).toBeVisible();
  await expect(review.locator('tr[data-item="greet"] td[data-col="points"]')).toHaveText('10/10');
  await expect(review.locator('summary')).toContainText('100');
  await expect(band('90-100')).toHaveText(/^2 · /);

  const zeroed = scores.locator('li[data-review="GD-S-3"]');
  await zeroed.locator('summary').click();
  await zeroed.locator('input[name="coaching-reason"]').fill('核身流程需复训');
  await zeroed.locator('button[data-action="coaching"]').click();
  await expect(tile('coaching')).toHaveText('1');

  // The review is kept with the imported export, and the export carries it.
  await con.page.reload();
  await con.showTab('records');
  await expect(tile('coaching')).toHaveText('1');
  const out = testInfo.outputPath('reviewed.json');
  await (await con.export('json')).saveAs(out);
  const { records } = JSON.parse(readFileSync(out, 'utf8')) as { records: CaseRecord[] };
  const reviewed = records.find((r) => r.caseId === 'GD-S-2')!;
  expect(reviewed.score?.score).toBe(89);
  expect(reviewed.review?.adjustments).toMatchObject([
    { itemId: 'greet', points: 10, reason: '录音中有问候，识别遗漏' },
  ]);
  expect(records.find((r) => r.caseId === 'GD-S-3')?.review?.coaching?.reason).toBe(
    '核身流程需复训',
  );
});

test('an agent sees the score of a case just ended, disputes it with a reason, and the lead sees the dispute', async ({
  context,
  extensionId,
  openCrm,
}) => {
  const { crm: page, sidebar } = await openCrm('/crm/spa/index.html?auto=0');
  const crm = new SpaCrm(page);
  await greetCase(crm, sidebar, 'GD202611290412');
  await crm.agentSays('您的意思是这个月被扣了年费，您认为不应该收，对吗？');
  await crm.customerSays('对的，我要求退回来。');
  await expect(sidebar.step('confirm_need')).toHaveAttribute('aria-checked', 'true');

  // Before the case ends there is nothing scored to show.
  await sidebar.openMyScores();
  await expect(sidebar.myScores.locator('[data-empty="my-scores"]')).toBeVisible();

  // The case is played to its end: summary drafted, written into the ticket, case recorded.
  await sidebar.page.getByRole('button', { name: '结束案件' }).click();
  const draft = sidebar.page.locator('textarea[data-summary]');
  await expect(draft).toBeVisible();
  await draft.press('Control+Enter');
  await expect(sidebar.page.locator('.toast[role="status"]')).toHaveText(
    '案件已结束，合规记录已保存。',
  );

  // The section follows: the case with its score, waiting for the agent's answer.
  const item = sidebar.myScore('GD202611290412');
  await expect(item).toBeVisible();
  await expect(item).toHaveAttribute('data-ack', 'none');
  await expect(item.locator('[data-score]')).toContainText('得分');
  await expect(item.locator('button[data-action="acknowledge"]')).toHaveText('确认');

  // An empty reason is refused with a message; with one, the dispute is kept.
  await item.locator('button[data-action="dispute"]').click();
  await item.locator('button[data-action="send-dispute"]').click();
  await expect(item.locator('[data-notice="dispute-reason"]')).toHaveText('请填写申诉理由。');
  await expect(item).toHaveAttribute('data-ack', 'none');
  await sidebar.disputeScore('GD202611290412', '客户挂断前已说明处理时限');
  await expect(item).toHaveAttribute('data-ack', 'disputed');
  await expect(item.locator('[data-ack-state="disputed"]')).toHaveText(
    '已申诉：客户挂断前已说明处理时限',
  );
  await expect(item.locator('button')).toHaveCount(0);

  // The team lead sees the dispute and its reason in the console's scores.
  const con = new Console(await context.newPage());
  await con.open(extensionId, 'records');
  const scores = con.page.locator('[data-section="scores"]');
  await expect(scores.locator('[data-score-stat="disputed"] dd')).toHaveText('1');
  const review = scores.locator('li[data-review="GD202611290412"]');
  await expect(review.locator('summary [data-ack="disputed"]')).toHaveText(' · 已申诉');
  await review.locator('summary').click();
  await expect(review.locator('[data-acknowledgement="disputed"]')).toHaveText(
    '坐席申诉：客户挂断前已说明处理时限',
  );
});
