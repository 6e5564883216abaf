/**
 * CSV as spreadsheets export it: RFC 4180 quoting (commas, quotes and newlines inside quoted
 * cells), UTF-8 with or without BOM, UTF-16 with BOM (Excel "Unicode text"), and GB18030/GBK
 * when the bytes are not valid UTF-8 (older Chinese Excel exports).
 */

/** Decodes spreadsheet text bytes: BOM first, then strict UTF-8, then GB18030. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** Picks the delimiter that splits the first line into the most cells (comma, tab, semicolon). */
function sniffDelimiter(text: string): string {
  let firstLine = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    firstLine += c;
  }
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Parses CSV text into rows of cells (RFC 4180). A quoted cell may hold the delimiter, newlines
 * and doubled quotes; line ends may be CRLF, LF or CR. Blank lines are kept as `['']`.
 */
export function parseCsv(text: string, delimiter = sniffDelimiter(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === delimiter) {
      row.push(cell);
      cell = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += c;
      i++;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Decodes and parses CSV bytes. */
export function readCsv(bytes: Uint8Array): { rows: string[][]; encoding: string } {
  const { text, encoding } = decodeText(bytes);
  return { rows: parseCsv(text), encoding };
}

/**
 * Rows as CSV text as `parseCsv` reads it back: UTF-8, LF line ends, a cell quoted only when it
 * holds a comma, a quote or a line break. (Exports opened in Excel use `csvCell` of
 * knowledge/records/io.ts, which also guards against formulas.)
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}
