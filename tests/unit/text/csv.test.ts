import { describe, expect, it } from 'vitest';
import { csvText, decodeText, parseCsv, readCsv } from '../../../knowledge/text/csv.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

describe('CSV reading', () => {
  it('follows RFC 4180: quoted commas, newlines and doubled quotes', () => {
    const rows = parseCsv('a,b,c\r\n"x, y","line1\nline2","say ""hi"""\n1,,3');
    expect(rows).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'line1\nline2', 'say "hi"'],
      ['1', '', '3'],
    ]);
  });

  it('detects UTF-8 with BOM, plain UTF-8 and GB18030', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('编号')]))).toEqual({
      text: '编号',
      encoding: 'utf-8',
    });
    expect(decodeText(utf8('答案')).encoding).toBe('utf-8');
    expect(decodeText(hex('b1e0bac5'))).toEqual({ text: '编号', encoding: 'gb18030' });
  });

  it('reads a semicolon-separated export as columns', () => {
    expect(readCsv(utf8('id;question\n1;密码忘了')).rows).toEqual([
      ['id', 'question'],
      ['1', '密码忘了'],
    ]);
  });
});

describe('csvText', () => {
  it('writes rows that parse back cell for cell, quoting only where needed', () => {
    const rows = [
      ['id', 'text'],
      ['a', 'plain'],
      ['b', '有逗号, 引号"和\n换行'],
    ];
    const text = csvText(rows);
    expect(text.split('\n')[1]).toBe('a,plain');
    expect(parseCsv(text)).toEqual(rows);
  });
});
