/**
 * Reads the first worksheet of an XLSX file into rows of text cells. XLSX is a zip of XML parts;
 * only the parts needed for cell text are read (workbook, its relationships, shared strings, the
 * sheet). Pure TypeScript: no DOMParser, which Node lacks.
 */
import { unzipSync } from 'fflate';

interface Tag {
  name: string;
  attrs: string;
  close: boolean;
  selfClose: boolean;
}

type XmlEvent = { tag: Tag } | { text: string };

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces XML character and entity references. */
export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITY[e] ?? m;
  });
}

/** Walks an XML document as a flat list of tags and text; comments, PIs and DTDs are skipped. */
function* xmlEvents(xml: string): Generator<XmlEvent> {
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      yield { text: unescapeXml(xml.slice(i)) };
      return;
    }
    if (lt > i) yield { text: unescapeXml(xml.slice(i, lt)) };
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      yield { text: xml.slice(lt + 9, end < 0 ? n : end) };
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (xml[lt + 1] === '?' || xml[lt + 1] === '!') {
      const end = xml.indexOf('>', lt);
      i = end < 0 ? n : end + 1;
      continue;
    }
    // Attribute values may contain '>' only when quoted; scan for the real end of the tag.
    let j = lt + 1;
    let quote = '';
    while (j < n) {
      const c = xml[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
      j++;
    }
    const body = xml.slice(lt + 1, j);
    i = j + 1;
    const close = body.startsWith('/');
    const selfClose = body.endsWith('/');
    const inner = body.slice(close ? 1 : 0, selfClose ? -1 : undefined);
    const sp = inner.search(/\s/);
    const name = sp < 0 ? inner : inner.slice(0, sp);
    yield { tag: { name, attrs: sp < 0 ? '' : inner.slice(sp), close, selfClose } };
  }
}

/** Reads one attribute of a tag (namespace prefix optional in `name`). */
function attr(tag: Tag, name: string): string | undefined {
  const re = new RegExp(`(?:^|\\s)${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*("([^"]*)"|'([^']*)')`);
  const m = re.exec(tag.attrs);
  return m ? unescapeXml(m[2] ?? m[3] ?? '') : undefined;
}

/** Local name without namespace prefix: `x:row` -> `row`. */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/** Column letters to a 0-based index: A -> 0, Z -> 25, AA -> 26. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inT = false;
  let phonetic = 0;
  for (const ev of xmlEvents(xml)) {
    if ('text' in ev) {
      if (inT && phonetic === 0) cur += ev.text;
      continue;
    }
    const name = local(ev.tag.name);
    if (name === 'si') {
      if (ev.tag.close) out.push(cur);
      else if (ev.tag.selfClose) out.push('');
      cur = '';
    } else if (name === 't') {
      inT = !ev.tag.close && !ev.tag.selfClose;
    } else if (name === 'rPh') {
      // Phonetic guides (furigana) are not part of the cell text.
      if (!ev.tag.selfClose) phonetic += ev.tag.close ? -1 : 1;
    }
  }
  return out;
}

// Excel's own sheet limits: a reference past them is damage, and following it would allocate
// billions of empty cells.
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

function parseSheet(xml: string, shared: string[]): string[][] {
  const rows: string[][] = [];
  let row: string[] | undefined;
  let rowIndex = -1;
  let col = -1;
  let type = '';
  let value = '';
  let inValue = false;
  let inCell = false;
  for (const ev of xmlEvents(xml)) {
    if ('text' in ev) {
      if (inValue) value += ev.text;
      continue;
    }
    const { tag } = ev;
    const name = local(tag.name);
    if (name === 'row') {
      if (tag.close) {
        row = undefined;
        continue;
      }
      const r = attr(tag, 'r');
      rowIndex = r ? parseInt(r, 10) - 1 : rowIndex + 1;
      if (rowIndex >= MAX_ROWS)
        throw new Error(`not an XLSX file: row ${rowIndex + 1} is past the sheet`);
      row = [];
      rows[rowIndex] = row;
      col = -1;
      if (tag.selfClose) row = undefined;
    } else if (name === 'c' && row) {
      if (tag.close) {
        inCell = false;
        row[col] = cellText(type, value, shared);
        continue;
      }
      const r = attr(tag, 'r');
      col = r ? columnIndex(r) : col + 1;
      if (col >= MAX_COLS)
        throw new Error(`not an XLSX file: cell ${r ?? col + 1} is past the sheet`);
      type = attr(tag, 't') ?? 'n';
      value = '';
      if (tag.selfClose) row[col] = '';
      else inCell = true;
    } else if (inCell && (name === 'v' || name === 't')) {
      // Inline strings hold <is><t>..</t></is>; other cells hold <v>..</v>. Formulas (<f>) skipped.
      inValue = !tag.close && !tag.selfClose;
    }
  }
  // Sparse rows (gaps in r=) become empty rows; gaps in cells become empty cells.
  const dense: string[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? [];
    const d: string[] = [];
    for (let j = 0; j < r.length; j++) d.push(r[j] ?? '');
    dense.push(d);
  }
  return dense;
}

function cellText(type: string, value: string, shared: string[]): string {
  if (type === 's') return shared[parseInt(value, 10)] ?? '';
  if (type === 'b') return value === '1' ? 'TRUE' : 'FALSE';
  return value;
}

function firstSheetPath(files: Record<string, Uint8Array>, dec: TextDecoder): string | undefined {
  const wb = files['xl/workbook.xml'];
  const rels = files['xl/_rels/workbook.xml.rels'];
  if (wb && rels) {
    let rid: string | undefined;
    for (const ev of xmlEvents(dec.decode(wb))) {
      if ('tag' in ev && local(ev.tag.name) === 'sheet' && !ev.tag.close) {
        rid = attr(ev.tag, 'r:id') ?? attr(ev.tag, 'id');
        break;
      }
    }
    for (const ev of xmlEvents(dec.decode(rels))) {
      if ('tag' in ev && local(ev.tag.name) === 'Relationship' && attr(ev.tag, 'Id') === rid) {
        const target = attr(ev.tag, 'Target') ?? '';
        const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
        if (files[path]) return path;
      }
    }
  }
  if (files['xl/worksheets/sheet1.xml']) return 'xl/worksheets/sheet1.xml';
  return Object.keys(files)
    .filter((p) => /^xl\/worksheets\/[^/]+\.xml$/.test(p))
    .sort()[0];
}

/** Reads the first worksheet of XLSX bytes as rows of cell text; throws on a file that is not XLSX. */
export function readXlsx(bytes: Uint8Array): string[][] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) =>
        (f.name.startsWith('xl/') && f.name.endsWith('.xml')) || f.name.endsWith('.rels'),
    });
  } catch (e) {
    throw new Error(`not an XLSX file (${(e as Error).message})`, { cause: e });
  }
  const dec = new TextDecoder('utf-8');
  const sheetPath = firstSheetPath(files, dec);
  if (!sheetPath) throw new Error('not an XLSX file: no worksheet found');
  const ss = files['xl/sharedStrings.xml'];
  const shared = ss ? parseSharedStrings(dec.decode(ss)) : [];
  return parseSheet(dec.decode(files[sheetPath]!), shared);
}
