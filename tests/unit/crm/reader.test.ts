import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { mergeFrames, readFrame } from '../../../knowledge/crm/reader.ts';
import type { CrmProfile } from '../../../knowledge/crm/profile.ts';

function page(html: string, url = 'http://127.0.0.1/crm/index.html'): Document {
  const window = new Window({ url });
  window.document.write(html);
  return window.document as unknown as Document;
}

const profile: CrmProfile = {
  id: 't',
  name: 'Test',
  matches: ['http://127.0.0.1/*'],
  fields: {
    caseId: { selector: '#ticketNo' },
    customerName: { selector: ['td.custname', '#cust .name'] },
    customerId: { selector: '#cust', attribute: 'data-id' },
    agentId: { selector: '#header .login', pattern: '工号[:：]?\\s*(\\d+)' },
    channel: { selector: '#chan', map: { 电话: 'phone', 在线: 'chat' } },
    caseType: { selector: 'select#type', attribute: 'value', map: { '3': 'complaint' } },
    product: { selector: '#product', frame: '*/detail.html*' },
  },
  transcript: {
    turn: '#chatlog .msg',
    speaker: { attribute: 'class', agent: '\\bagent\\b', customer: '\\bcustomer\\b' },
    text: '.body',
  },
  reply: { selector: 'textarea#reply' },
  notes: { selector: 'textarea#ticketNotes' },
};

const top = `
  <div id="header"><span class="login">坐席 工号：10086</span></div>
  <span id="ticketNo"> C2024-0001 </span>
  <div id="cust" data-id="CU889"><span class="name">王小明</span></div>
  <span id="chan">在线</span>
  <select id="type"><option value="1">咨询</option><option value="3" selected>投诉</option></select>
  <div id="chatlog">
    <div class="msg customer"><b>客户</b><div class="body">我的卡被冻结了</div></div>
    <div class="msg agent"><b>坐席</b><div class="body">您好，我是XX金融客服 10086</div></div>
    <div class="msg system"><div class="body">系统提示</div></div>
  </div>
  <textarea id="reply">草稿</textarea>
  <textarea id="ticketNotes">客户来电反映卡片冻结</textarea>`;

describe('reading a CRM frame by its profile', () => {
  const reading = readFrame(page(top), profile, 'http://127.0.0.1/crm/index.html');

  it('reads text, attributes, form values, patterns and maps', () => {
    expect(reading.fields.caseId?.value).toBe('C2024-0001');
    expect(reading.fields.customerName?.value).toBe('王小明');
    expect(reading.fields.customerName?.selector).toBe('#cust .name');
    expect(reading.fields.customerId?.value).toBe('CU889');
    expect(reading.fields.agentId?.value).toBe('10086');
    expect(reading.fields.channel?.value).toBe('chat');
    expect(reading.fields.caseType?.value).toBe('complaint');
  });

  it('limits a field with a frame glob to matching frames', () => {
    expect(reading.fields.product).toBeUndefined();
    const detail = readFrame(
      page('<b id="product">稳盈理财</b>'),
      profile,
      'http://127.0.0.1/crm/detail.html?id=1',
    );
    expect(detail.fields.product?.value).toBe('稳盈理财');
  });

  it('reads the transcript in order with the right speaker, skipping unknown speakers', () => {
    expect(reading.transcript).toEqual([
      { speaker: 'customer', text: '我的卡被冻结了' },
      { speaker: 'agent', text: '您好，我是XX金融客服 10086' },
    ]);
  });

  it('finds the reply box and reads the notes', () => {
    expect(reading.hasReply).toBe(true);
    expect(reading.notes).toBe('客户来电反映卡片冻结');
  });

  it('says when a field is not on the page instead of inventing a value', () => {
    const r = readFrame(page('<p>nothing here</p>'), profile, 'http://127.0.0.1/crm/index.html');
    expect(r.fields.caseId).toEqual({ status: 'missing' });
    expect(r.transcript).toBeUndefined();
  });

  it('survives a broken selector in a profile', () => {
    const broken = { ...profile, fields: { caseId: { selector: ['##bad', '#ticketNo'] } } };
    expect(readFrame(page(top), broken, 'http://127.0.0.1/').fields.caseId?.value).toBe(
      'C2024-0001',
    );
  });

  it('merges frames: first frame with a value wins, the transcript from whichever frame has it', () => {
    const a = readFrame(page('<span id="ticketNo">A-1</span>'), profile, 'http://127.0.0.1/a');
    const b = readFrame(page(top), profile, 'http://127.0.0.1/b');
    const merged = mergeFrames([a, b]);
    expect(merged.fields.caseId?.value).toBe('A-1');
    expect(merged.fields.customerName?.value).toBe('王小明');
    expect(merged.transcript).toHaveLength(2);
  });
});
