import { strToU8, zipSync } from 'fflate';

/** A small XLSX workbook: shared and inline strings, a number, a gap between cells. */
export function sampleXlsx(): Uint8Array {
  const xml = (s: string) => strToU8(`<?xml version="1.0" encoding="UTF-8"?>${s}`);
  return zipSync({
    'xl/workbook.xml': xml(
      '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="知识" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': xml(
      '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/sharedStrings.xml': xml(
      '<sst><si><t>编号</t></si><si><t>标准问</t></si><si><r><t>答</t></r><r><t>案</t></r></si><si><t>转账限额&amp;手续费</t></si></sst>',
    ),
    'xl/worksheets/sheet1.xml': xml(
      '<worksheet><sheetData>' +
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row>' +
        '<row r="2"><c r="A2"><v>1001</v></c><c r="B2" t="s"><v>3</v></c><c r="D2" t="inlineStr"><is><t>单笔5万元</t></is></c></row>' +
        '</sheetData></worksheet>',
    ),
  });
}
