import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../knowledge/text/csv.ts';
import { fold } from '../../../knowledge/text/fold.ts';
import { checkText, compileGuard } from '../../../knowledge/rules/guard.ts';
import { importRows } from '../../../knowledge/authoring/import.ts';
import { type Pack, isPastReview, parsePack } from '../../../knowledge/authoring/pack.ts';
import { applyTurn, createSession } from '../../../knowledge/case/session.ts';
import { fillTemplate, variablesOf } from '../../../knowledge/text/template.ts';
import {
  CASE_TYPES,
  CHANNELS,
  DEFAULT_STEP_IDS,
  type AlertKind,
} from '../../../knowledge/types.ts';
import { toFaqCsv } from '../../bench/pack-to-faq.ts';

const PACKS_DIR = 'knowledge/packs';
const SEARCH_DIR = 'tests/fixtures/search';
const COMPLAINT_STEPS = [
  'complaint_soothe',
  'complaint_record',
  'complaint_apologise',
  'complaint_close_loop',
];

/** The variables scripts may use: filled from the case, the agent's settings and the pack. */
const VARIABLES = [
  'institution',
  'agentId',
  'agentName',
  'customerName',
  'caseId',
  'product',
  'need',
  'reason',
  'expectedTime',
  'contactMethod',
];

const SAMPLE: Record<'zh-CN' | 'en', Record<string, string>> = {
  'zh-CN': {
    institution: 'XX金融',
    agentId: '1024',
    agentName: '王芳',
    customerName: '李先生',
    caseId: 'GD20261129001',
    product: '信用卡',
    need: '查询信用卡年费的收取规则',
    reason: '这笔交易需要调取商户的签购单核实',
    expectedTime: '3个工作日',
    contactMethod: '电话',
  },
  en: {
    institution: 'XX Finance',
    agentId: '1024',
    agentName: 'Emma',
    customerName: 'Mr Smith',
    caseId: 'CS-20261129-001',
    product: 'credit card',
    need: 'check how the annual fee is charged',
    reason: 'the merchant has to provide the sales receipt',
    expectedTime: '3 working days',
    contactMethod: 'a phone call',
  },
};

const CONTENT_KINDS = new Set<AlertKind>([
  'unauthorised_promise',
  'credential_request',
  'misleading_claim',
]);

const packFiles = readdirSync(PACKS_DIR).filter((f) => f.endsWith('.json'));
const packs = new Map<string, Pack>();
for (const f of packFiles) {
  const r = parsePack(readFileSync(join(PACKS_DIR, f), 'utf8'));
  if (r.ok) packs.set(f, r.pack);
}

const KB = {
  'zh-CN': 'xx-finance-kb.zh-CN.json',
  en: 'xx-finance-kb.en.json',
} as const;

function kb(locale: 'zh-CN' | 'en'): Pack {
  const p = packs.get(KB[locale]);
  if (!p) throw new Error(`${KB[locale]} did not load`);
  return p;
}

/** The pack of the same locale that holds the SOP steps and the guard rules. */
function sopPack(locale: 'zh-CN' | 'en'): Pack {
  const p = [...packs.values()].find((x) => x.locale === locale && (x.steps?.length ?? 0) > 0);
  if (!p) throw new Error(`no SOP pack for ${locale}`);
  return p;
}

function readCsvFile(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  return rows
    .filter((r) => r.some((c) => c.trim() !== ''))
    .map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

describe('every shipped pack', () => {
  it.each(packFiles)('%s validates without errors or warnings', (file) => {
    const r = parsePack(readFileSync(join(PACKS_DIR, file), 'utf8'));
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(r.ok && r.warnings).toEqual([]);
  });
});

describe.each(['zh-CN', 'en'] as const)('default knowledge pack %s', (locale) => {
  const pack = () => kb(locale);

  it('names the institution and has enough scripts and articles', () => {
    expect(pack().locale).toBe(locale);
    expect(pack().institution).toBe(locale === 'zh-CN' ? 'XX金融' : 'XX Finance');
    expect(pack().scripts!.length).toBeGreaterThanOrEqual(40);
    expect(pack().articles!.length).toBeGreaterThanOrEqual(60);
  });

  it('has scripts for every step of the SOP, sub-steps included', () => {
    const sopSteps = sopPack(locale).steps!.map((s) => s.id);
    const scripted = new Set(pack().scripts!.map((s) => s.step));
    for (const id of [...DEFAULT_STEP_IDS, ...COMPLAINT_STEPS]) expect(scripted).toContain(id);
    for (const s of pack().scripts!) expect(sopSteps).toContain(s.step);
  });

  it('covers every case type, and greets and says goodbye on every channel', () => {
    const scripts = pack().scripts!;
    for (const t of CASE_TYPES) {
      expect(scripts.filter((s) => s.caseTypes?.includes(t)).length).toBeGreaterThan(3);
    }
    for (const c of CHANNELS) {
      for (const step of ['greet', 'farewell']) {
        expect(scripts.some((s) => s.step === step && s.channels?.includes(c))).toBe(true);
      }
    }
  });

  it('greets with the institution and the agent ID', () => {
    for (const s of pack().scripts!.filter((x) => x.step === 'greet')) {
      expect(variablesOf(s.text)).toEqual(expect.arrayContaining(['institution', 'agentId']));
    }
  });

  it('uses only documented variables, each with a label in both sidebar languages', () => {
    const used = new Set(pack().scripts!.flatMap((s) => variablesOf(s.text)));
    for (const v of used) expect(VARIABLES).toContain(v);
    for (const dir of ['en', 'zh_CN']) {
      const messages = JSON.parse(
        readFileSync(`public/_locales/${dir}/messages.json`, 'utf8'),
      ) as Record<string, unknown>;
      for (const v of used) expect(Object.keys(messages)).toContain(`variable_${v}`);
    }
    // Articles are shown as they are: no placeholder may reach a customer from an answer.
    for (const a of pack().articles!) expect(variablesOf(a.answer)).toEqual([]);
  });

  it('gives every article a title, 3 to 8 variants, an answer, tags, product and owner', () => {
    const products = new Set<string>();
    for (const a of pack().articles!) {
      expect(a.title.trim()).not.toBe('');
      expect(a.questions.length).toBeGreaterThanOrEqual(3);
      expect(a.questions.length).toBeLessThanOrEqual(8);
      expect(new Set(a.questions.map(fold)).size).toBe(a.questions.length);
      expect(a.answer.length).toBeGreaterThan(40);
      expect(a.tags?.length).toBeGreaterThan(0);
      expect(a.owner).toBeTruthy();
      expect(a.reviewBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      products.add(a.product!);
    }
    expect(products.size).toBeGreaterThanOrEqual(8);
  });

  it('shows some content as past its review date, and most as current at release', () => {
    const articles = pack().articles!;
    const stale = articles.filter((a) => isPastReview(a.reviewBy, new Date('2026-12-01')));
    expect(stale.length).toBeGreaterThanOrEqual(3);
    expect(stale.length).toBeLessThan(articles.length / 4);
  });

  it('ships no script or answer that the compliance guard flags', () => {
    const guard = compileGuard([sopPack(locale)]);
    const texts = [
      ...pack().scripts!.map((s) => [s.id, fillTemplate(s.text, SAMPLE[locale]).text]),
      ...pack().articles!.map((a) => [a.id, a.answer]),
    ];
    const flagged = texts
      .map(([id, text]) => ({
        id,
        alerts: checkText(guard, text!, 'agent', { kinds: CONTENT_KINDS }).map((a) => a.match),
      }))
      .filter((x) => x.alerts.length > 0);
    expect(flagged).toEqual([]);
  });

  it('ticks the step a script is for when the agent sends it', () => {
    const sop = sopPack(locale);
    const all = [sop, pack()];
    const steps = ['greet', 'confirm_need', 'referral_notice', 'farewell', ...COMPLAINT_STEPS];
    const missed: string[] = [];
    for (const s of pack().scripts!.filter((x) => steps.includes(x.step))) {
      const text = fillTemplate(s.text, SAMPLE[locale]).text;
      // A question waits for the customer's answer; the closing thanks come after it.
      if (s.step === 'farewell' && /[?？]\s*$/.test(text)) continue;
      const caseType = s.caseTypes?.includes('complaint') ? 'complaint' : s.caseTypes?.[0];
      let session = createSession(
        all,
        { channel: s.channels?.[0] ?? 'chat', caseType },
        'agent',
        0,
      );
      session = applyTurn(session, { speaker: 'agent', text, at: 1 }, all);
      if (!session.steps[s.step]?.done) missed.push(s.id);
    }
    expect(missed).toEqual([]);
  });
});

describe.each([
  ['zh-CN', 'zh', 150],
  ['en', 'en', 60],
] as const)('search fixtures %s', (locale, prefix, minimum) => {
  const faqPath = join(SEARCH_DIR, `${prefix}-faq.csv`);
  const queriesPath = join(SEARCH_DIR, `${prefix}-queries.csv`);

  it('FAQ CSV is the pack as pack-to-faq writes it', () => {
    expect(readFileSync(faqPath, 'utf8')).toBe(toFaqCsv(kb(locale)));
  });

  it('FAQ CSV imports as a trainer spreadsheet into the same articles', () => {
    const r = importRows(parseCsv(readFileSync(faqPath, 'utf8')), { locale });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const articles = r.articles;
    expect(articles.map((a) => a.id)).toEqual(kb(locale).articles!.map((a) => a.id));
    for (const [i, a] of articles.entries()) {
      expect(a.questions).toEqual(kb(locale).articles![i]!.questions);
    }
  });

  it(`has at least ${minimum} queries, each naming an existing article`, () => {
    const queries = readCsvFile(queriesPath);
    expect(queries.length).toBeGreaterThanOrEqual(minimum);
    const ids = new Set(kb(locale).articles!.map((a) => a.id));
    const unknown = queries.filter((q) => !ids.has(q.expected_id!)).map((q) => q.expected_id);
    expect(unknown).toEqual([]);
    expect(new Set(queries.map((q) => q.query)).size).toBe(queries.length);
  });

  it('queries are not copies of titles or question variants', () => {
    const known = new Set(
      kb(locale)
        .articles!.flatMap((a) => [a.title, ...a.questions])
        .map((t) => norm(t)),
    );
    const copies = readCsvFile(queriesPath)
      .map((q) => q.query!)
      .filter((q) => known.has(norm(q)));
    expect(copies).toEqual([]);
  });

  it('queries reach most of the articles', () => {
    const hit = new Set(readCsvFile(queriesPath).map((q) => q.expected_id));
    expect(hit.size).toBeGreaterThanOrEqual(kb(locale).articles!.length * 0.8);
  });
});

/** Folded, without punctuation or spaces: how near-copies are told apart from paraphrases. */
function norm(text: string): string {
  return fold(text).replace(/[\s\p{P}]/gu, '');
}

describe('the Chinese query set is written the ways customers type', () => {
  const queries = () => readCsvFile(join(SEARCH_DIR, 'zh-queries.csv')).map((q) => q.query!);

  it('has a share in pinyin (full and initials) and in traditional characters', () => {
    const pinyin = queries().filter((q) => /^[a-z0-9 ]+$/i.test(q));
    const initials = pinyin.filter((q) => /^[a-z]{2,6}$/i.test(q.replace(/\s/g, '')));
    const traditional = queries().filter((q) => {
      const han = q.replace(/[^\p{Script=Han}]/gu, '');
      return fold(han) !== han;
    });
    expect(pinyin.length).toBeGreaterThanOrEqual(15);
    expect(initials.length).toBeGreaterThanOrEqual(5);
    expect(traditional.length).toBeGreaterThanOrEqual(15);
  });

  it('mixes very short keyword queries with long rambling ones', () => {
    const han = queries().filter((q) => /\p{Script=Han}/u.test(q));
    expect(han.filter((q) => q.length <= 4).length).toBeGreaterThanOrEqual(15);
    expect(han.filter((q) => q.length >= 25).length).toBeGreaterThanOrEqual(15);
  });
});
