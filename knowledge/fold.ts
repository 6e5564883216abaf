/**
 * Text folding for matching: traditional -> simplified Chinese, full-width -> half-width,
 * CJK punctuation -> ASCII, Latin -> lower case.
 *
 * Folding maps every UTF-16 code unit to exactly one code unit, so an offset found in the
 * folded text is the same offset in the original (highlight spans, guard matches).
 */
import t2s from './data/t2s.json';

/** CJK punctuation that has an obvious ASCII counterpart (full-width forms are done by range). */
const PUNCT: Record<string, string> = {
  '。': '.',
  '、': ',',
  '｡': '.',
  '､': ',',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '「': '"',
  '」': '"',
  '『': '"',
  '』': '"',
  '《': '<',
  '》': '>',
  '〈': '<',
  '〉': '>',
  '【': '[',
  '】': ']',
  '〔': '[',
  '〕': ']',
  '〖': '[',
  '〗': ']',
};

let table: Uint16Array | undefined;

/** One code unit in, one code unit out: built once, 128 KB. */
function buildTable(): Uint16Array {
  const t = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) t[c] = c;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = c + 0x20;
  // Full-width ASCII block U+FF01..U+FF5E mirrors U+0021..U+007E.
  for (let c = 0xff01; c <= 0xff5e; c++) t[c] = c - 0xfee0;
  t[0x3000] = 0x20; // ideographic space
  for (const [k, v] of Object.entries(PUNCT)) t[k.charCodeAt(0)] = v.charCodeAt(0);
  const { from, to } = t2s as { from: string; to: string };
  for (let i = 0; i < from.length; i++) t[from.charCodeAt(i)] = to.charCodeAt(i);
  // Lower case for the rest of Latin/Greek/Cyrillic, only where it stays one code unit.
  for (let c = 0xc0; c < 0x3000; c++) {
    if (t[c] !== c) continue;
    const ch = String.fromCharCode(c);
    const lo = ch.toLowerCase();
    if (lo.length === 1 && lo !== ch) t[c] = lo.charCodeAt(0);
  }
  // Then lower-case whatever the full-width mapping produced.
  for (let c = 0xff21; c <= 0xff3a; c++) t[c] = c - 0xfee0 + 0x20;
  return t;
}

/** Folds text for matching; the result has the same length (UTF-16 code units) as the input. */
export function fold(text: string): string {
  const t = (table ??= buildTable());
  let out = '';
  let changed = false;
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = t[c]!;
    if (f !== c) changed = true;
    codes[i] = f;
  }
  if (!changed) return text;
  // Chunked to stay under the argument limit of fromCharCode.
  for (let i = 0; i < codes.length; i += 4096) {
    out += String.fromCharCode(...codes.slice(i, i + 4096));
  }
  return out;
}

/** Folds one character (a single UTF-16 code unit); other strings are returned unchanged. */
export function foldChar(ch: string): string {
  return ch.length === 1 ? fold(ch) : ch;
}
