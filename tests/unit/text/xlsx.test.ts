import { describe, expect, it } from 'vitest';
import { columnIndex, readXlsx } from '../../../knowledge/text/xlsx.ts';
import { sampleXlsx } from '../../support/xlsx.ts';

describe('XLSX reading', () => {
  it('reads shared and inline strings, numbers and gaps between cells', () => {
    const file = sampleXlsx();
    expect(readXlsx(file)).toEqual([
      ['编号', '标准问', '', '答案'],
      ['1001', '转账限额&手续费', '', '单笔5万元'],
    ]);
  });

  it('converts column letters to indexes', () => {
    expect(columnIndex('A1')).toBe(0);
    expect(columnIndex('Z9')).toBe(25);
    expect(columnIndex('AA10')).toBe(26);
  });
});
