import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../knowledge/text/csv.ts';
import { splitSentences } from '../../bench/faq-answers.ts';
import { cleanAnswer, esunRows, toCsv } from '../../bench/faq-answers-prep.ts';

describe('splitSentences', () => {
  it('splits at Chinese stops and line breaks, keeping the stop', () => {
    expect(splitSentences('請攜帶身分證。完成後再申請！\n(2) 若手機號碼正確')).toEqual([
      '請攜帶身分證。',
      '完成後再申請！',
      '(2) 若手機號碼正確',
    ]);
  });

  it('splits English at a stop and a space, not inside numbers or addresses', () => {
    expect(splitSentences('Rates are 1.5% a year. See www.example.com for more.')).toEqual([
      'Rates are 1.5% a year.',
      'See www.example.com for more.',
    ]);
  });
});

describe('the E.SUN FAQ preparation', () => {
  it('keeps link text, drops repeated answers, and writes CSV that parses back', () => {
    const rows = esunRows({
      '1': [
        { question: 'q1', answers: ['[補件申請](https://example.com/x), 請於3日內完成'] },
        { question: 'q2', answers: ['[補件申請](https://example.com/x), 請於3日內完成', '是的'] },
      ],
    });
    expect(rows.map((r) => r.text)).toEqual(['補件申請, 請於3日內完成', '是的']);
    const parsed = parseCsv(toCsv(rows), ',');
    expect(parsed[0]).toEqual(['id', 'lang', 'source', 'text']);
    expect(parsed[1]).toEqual(['esun-1-0-0', 'zh-TW', 'esun-faq', '補件申請, 請於3日內完成']);
  });

  it('collapses spaces but keeps line breaks', () => {
    expect(cleanAnswer('  a \u3000 b \n  c ')).toBe('a b\nc');
  });
});
