import { describe, expect, it } from 'vitest';
import { importSpreadsheet } from '../../../knowledge/authoring/import.ts';
import { parseDate, splitVariants } from '../../../knowledge/authoring/columns.ts';
import { sampleXlsx } from '../../support/xlsx.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

describe('spreadsheet import', () => {
  it('merges rows with the same id into one article with every variant', () => {
    const csv =
      'id,title,question,answer,tags\n' +
      'reset_pw,Reset password,I forgot my password,"Go to Settings, then Security.",login\n' +
      'reset_pw,,How do I change my password,,\n' +
      'card_lost,Lost card,I lost my card,Freeze it in the app.,card\n';
    const r = importSpreadsheet(utf8(csv), 'faq.csv', { locale: 'en' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report).toMatchObject({ taken: 2, merged: 1, refused: [] });
    expect(r.articles).toHaveLength(2);
    expect(r.articles[0]).toMatchObject({
      id: 'reset_pw',
      title: 'Reset password',
      questions: ['I forgot my password', 'How do I change my password'],
      answer: 'Go to Settings, then Security.',
      tags: ['login'],
    });
  });

  it('understands Chinese headers and several variants in one cell', () => {
    const csv =
      '\uFEFF编号,标准问,相似问,答案,产品,复核日期\n' +
      'kb1,银行卡丢了怎么办,"卡丢了\n银行卡不见了|卡被偷了；怎么挂失",请立即致电客服挂失。,借记卡,2026/3/1\n';
    const r = importSpreadsheet(utf8(csv), '知识库.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.articles[0]).toMatchObject({
      id: 'kb1',
      title: '银行卡丢了怎么办',
      questions: ['卡丢了', '银行卡不见了', '卡被偷了', '怎么挂失'],
      product: '借记卡',
      reviewBy: '2026-03-01',
    });
  });

  it('reads GB18030 CSV from older Chinese Excel', () => {
    // 编号,标准问,答案 / k1,银行卡丢了怎么办,请致电客服
    const bytes = new Uint8Array([
      ...hex('b1e0bac5'),
      0x2c,
      ...hex('b1ead7bcceca'),
      0x2c,
      ...hex('b4f0b0b8'),
      0x0a,
      ...utf8('k1,'),
      ...hex('d2f8d0d0bfa8b6aac1cbd4f5c3b4b0ec'),
      0x2c,
      ...hex('c7ebd6c2b5e7bfcdb7fe'),
      0x0a,
    ]);
    const r = importSpreadsheet(bytes, 'old.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.encoding).toBe('gb18030');
    expect(r.articles[0]).toMatchObject({
      id: 'k1',
      title: '银行卡丢了怎么办',
      answer: '请致电客服',
    });
  });

  it('refuses bad rows with their row number and reason, and keeps the good ones', () => {
    const csv =
      'id,title,question,answer,review_by\n' +
      'a1,Fees,What are the fees,See the tariff.,2026-01-31\n' +
      'a2,,,Orphan answer,\n' +
      'a3,Limits,What is my limit,See the app.,31 Feb\n';
    const r = importSpreadsheet(utf8(csv), 'f.csv', { locale: 'en' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.articles.map((a) => a.id)).toEqual(['a1']);
    expect(r.report.refused).toEqual([
      { row: 3, reason: 'no title and no question' },
      { row: 4, reason: 'review date "31 Feb" is not a date' },
    ]);
  });

  it('imports nothing when no header is recognisable', () => {
    const r = importSpreadsheet(utf8('foo,bar\n1,2\n'), 'x.csv');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/no recognisable header/);
  });

  it('keeps sheet ids the pack format does not allow, under a safe id', () => {
    const r = importSpreadsheet(utf8('id,title,question\nwhy?,Why,Why is it\n'), 'x.csv', {
      locale: 'en',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const id = r.articles[0]!.id;
    expect(id).toMatch(/^[A-Za-z0-9][\w.-]*$/);
    expect(r.sheetIds[id]).toBe('why?');
  });

  it('imports scripts with step, channel and case type in Chinese', () => {
    const csv =
      '环节,标题,话术,渠道,案件类型\n' +
      'greet,电话问候,您好，很高兴为您服务，我是{{institution}}的客服代表{{agentId}}。,电话,咨询\n' +
      ',缺环节,这一行没有环节,在线,投诉\n';
    const r = importSpreadsheet(utf8(csv), 'scripts.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scripts).toHaveLength(1);
    expect(r.scripts[0]).toMatchObject({
      step: 'greet',
      channels: ['phone'],
      caseTypes: ['inquiry'],
    });
    expect(r.report.refused).toEqual([{ row: 3, reason: 'no step' }]);
  });

  it('imports an XLSX sheet as articles', () => {
    const file = sampleXlsx();
    const r = importSpreadsheet(file, 'kb.xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.articles[0]).toMatchObject({
      id: '1001',
      title: '转账限额&手续费',
      answer: '单笔5万元',
    });
  });

  it('refuses a file that claims to be XLSX but is not', () => {
    const r = importSpreadsheet(utf8('not a zip'), 'kb.xlsx');
    expect(r.ok).toBe(false);
  });
});

describe('import helpers', () => {
  it('converts spreadsheet dates', () => {
    expect(parseDate('2026年3月5日')).toBe('2026-03-05');
    expect(parseDate('46082')).toBe('2026-03-01');
    expect(parseDate('2026-02-30')).toBeUndefined();
  });

  it('splits variants on newlines, bars and full-width semicolons only', () => {
    expect(splitVariants('a\nb|c；d')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitVariants('first; still first')).toEqual(['first; still first']);
  });
});
