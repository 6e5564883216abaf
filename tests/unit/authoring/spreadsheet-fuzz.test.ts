/**
 * Property-based fuzzing of spreadsheet import (CSV in several encodings, XLSX): whatever the
 * bytes, an import returns in bounded time with the whole result or errors that say which row
 * and why; it never throws and never half-imports.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { importSpreadsheet } from '../../../knowledge/authoring/import.ts';
import { validatePack } from '../../../knowledge/authoring/pack.ts';
import { RUNS, timed } from '../../support/fuzz.ts';

const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '转账限额',
    '挂失',
    '"',
    '""',
    ',',
    '\n',
    '\r\n',
    ';',
    '\t',
    '=1+1',
    '<b>x</b>',
    '2024-13-45',
  ),
);
const HEADERS = [
  'id',
  'title',
  'question',
  'answer',
  'tags',
  '编号',
  '标题',
  '标准问',
  '答案',
  'step',
  'text',
  'type',
  '类型',
];
const sheet = fc.tuple(
  fc.shuffledSubarray(HEADERS, { minLength: 1, maxLength: 6 }),
  fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 8 }),
);
const csvCell = (c: string) => (/[",\n\r;\t]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const toCsv = ([head, rows]: [string[], string[][]]) =>
  [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n');

function utf16(s: string, le: boolean): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 + 2 * i] = le ? c & 0xff : c >> 8;
    out[3 + 2 * i] = le ? c >> 8 : c & 0xff;
  }
  return out;
}
const encodings = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'latin1-bytes'] as const;
function encode(text: string, enc: (typeof encodings)[number]): Uint8Array {
  if (enc === 'utf-8') return strToU8(text);
  if (enc === 'utf-8-bom') return Uint8Array.from([0xef, 0xbb, 0xbf, ...strToU8(text)]);
  if (enc === 'latin1-bytes') return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  return utf16(text, enc === 'utf-16le');
}

const xml = (s: string) => strToU8(`<?xml version="1.0" encoding="UTF-8"?>${s}`);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colName = (i: number) => String.fromCharCode(65 + (i % 26));
function toXlsxParts([head, rows]: [string[], string[][]]): Record<string, string> {
  const shared = [...head];
  const rowXml = [head.map((_, i) => i), ...rows.map((r) => r)]
    .map((r, ri) => {
      const cells = r.map((c, ci) =>
        typeof c === 'number'
          ? `<c r="${colName(ci)}${ri + 1}" t="s"><v>${c}</v></c>`
          : `<c r="${colName(ci)}${ri + 1}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`,
      );
      return `<row r="${ri + 1}">${cells.join('')}</row>`;
    })
    .join('');
  return {
    'xl/workbook.xml':
      '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/sharedStrings.xml': `<sst>${shared.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`,
    'xl/worksheets/sheet1.xml': `<worksheet><sheetData>${rowXml}</sheetData></worksheet>`,
  };
}
const zip = (parts: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, xml(v)])), { level: 1 });

/** Damage to the XML inside a valid XLSX: huge or nonsense cell references, cut tags, bad indexes. */
const xmlDamage = fc.oneof(
  fc.constant((s: string) => s),
  fc.nat().map((n) => (s: string) => s.slice(0, n % (s.length + 1))),
  fc
    .constantFrom(
      'r="999999999"',
      'r="ZZZZZZZZ1"',
      'r="-5"',
      'r="A0"',
      'r="NaN"',
      'r="XFD1048576"',
      'r=""',
    )
    .chain((ref) =>
      fc.nat().map((n) => (s: string) => {
        const refs = [...s.matchAll(/r="[^"]*"/g)];
        const m = refs[n % Math.max(1, refs.length)];
        return m ? s.slice(0, m.index) + ref + s.slice(m.index + m[0].length) : s;
      }),
    ),
  fc
    .constantFrom(
      '<v>99999999</v>',
      '<v>-1</v>',
      '<v>x</v>',
      '<![CDATA[',
      '<!--',
      '&bogus;',
      '&#xFFFFFF;',
    )
    .map((ins) => (s: string) => s.replace('<v>', ins)),
);

/** Byte damage: truncation, flipped bytes, a random run overwritten. */
const byteDamage = fc.oneof(
  fc.constant((b: Uint8Array) => b),
  fc.nat().map((n) => (b: Uint8Array) => b.subarray(0, n % (b.length + 1))),
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
    .map((flips) => (b: Uint8Array) => {
      const c = b.slice();
      for (const [i, v] of flips) if (c.length) c[i % c.length] = v;
      return c;
    }),
);

function checkImport(bytes: Uint8Array, name: string): void {
  const r = timed(() => importSpreadsheet(bytes, name));
  expect(typeof r.ok).toBe('boolean');
  if (!r.ok) {
    // Nothing half-imported: a refused file carries an error and no content at all.
    expect(r).not.toHaveProperty('articles');
    expect(r).not.toHaveProperty('scripts');
    expect(typeof r.error).toBe('string');
    expect(r.error.trim().length).toBeGreaterThan(0);
    return;
  }
  // Whatever was taken forms a valid pack as a whole.
  const pack = {
    schemaVersion: 1,
    id: 'fuzz',
    name: 'fuzz',
    locale: 'zh-CN',
    version: '0',
    articles: r.articles,
    scripts: r.scripts,
  };
  expect(validatePack(JSON.parse(JSON.stringify(pack))).ok).toBe(true);
  expect(r.articles.length + r.scripts.length).toBeLessThanOrEqual(r.report.taken);
  for (const issue of [...r.report.refused, ...r.report.warnings]) {
    expect(Number.isInteger(issue.row)).toBe(true);
    expect(issue.reason.trim().length).toBeGreaterThan(0);
  }
}

describe('spreadsheet import fuzzing', () => {
  it(`CSV: never throws, all or nothing (${RUNS} generated, re-encoded, damaged or random files)`, () => {
    const file = fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(sheet, fc.constantFrom(...encodings), byteDamage)
          .map(([s, e, d]) => d(encode(toCsv(s), e))),
      },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) },
    );
    fc.assert(
      fc.property(file, fc.constantFrom('kb.csv', 'KB.CSV', 'faq.txt'), (bytes, name) => {
        // Random bytes starting "PK" are read as a zip whatever the name; both paths must hold.
        checkImport(bytes, name);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it(`XLSX: never throws, all or nothing (${RUNS} generated, damaged or random files)`, () => {
    const file = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.tuple(sheet, xmlDamage, byteDamage).map(([s, xd, bd]) => {
          const parts = toXlsxParts(s);
          parts['xl/worksheets/sheet1.xml'] = xd(parts['xl/worksheets/sheet1.xml']!);
          return bd(zip(parts));
        }),
      },
      {
        weight: 1,
        arbitrary: fc
          .uint8Array({ maxLength: 600 })
          .map((b) => Uint8Array.from([0x50, 0x4b, ...b])),
      },
    );
    fc.assert(
      fc.property(file, (bytes) => checkImport(bytes, 'kb.xlsx')),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('refuses an XLSX whose cell references point past the sheet limits instead of hanging', () => {
    const damage = [
      (x: string) => x.replace('<row r="2">', '<row r="999999999">'),
      (x: string) => x.replace('r="A2"', 'r="ZZZZZZZZ2"'),
    ];
    for (const d of damage) {
      const parts = toXlsxParts([['id', 'title', 'answer'], [['1', 'T', 'A']]]);
      parts['xl/worksheets/sheet1.xml'] = d(parts['xl/worksheets/sheet1.xml']!);
      const r = timed(() => importSpreadsheet(zip(parts), 'kb.xlsx'));
      expect(r.ok).toBe(false);
    }
  });
});
