/**
 * Text folding for matching: traditional -> simplified Chinese (and 帐 -> 账), full-width ->
 * half-width, CJK punctuation -> ASCII, Latin -> lower case.
 *
 * Folding maps every UTF-16 code unit to exactly one code unit, so an offset found in the
 * folded text is the same offset in the original (highlight spans, guard matches).
 */
import t2s from '../data/t2s.json';

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

/** Simplified variant -> the form mainland banking text uses. */
const VARIANTS: Record<string, string> = { 帐: '账' };

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
  // Simplified variants that stand for each other in banking text: 帐户/账户, 转帐/转账 (OpenCC
  // turns 帳 into 帐 character by character; mainland text writes 账).
  const variant = new Map(
    Object.entries(VARIANTS).map(([k, v]) => [k.charCodeAt(0), v.charCodeAt(0)]),
  );
  for (let c = 0; c < 0x10000; c++) t[c] = variant.get(t[c]!) ?? t[c]!;
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

let scratch = new Uint16Array(1024);

/** Folds text for matching; the result has the same length (UTF-16 code units) as the input. */
export function fold(text: string): string {
  const t = (table ??= buildTable());
  const n = text.length;
  // Most text (English, simplified Chinese) comes back unchanged: check before copying.
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (t[c] !== c) break;
    i++;
  }
  if (i === n) return text;
  if (scratch.length < n) scratch = new Uint16Array(Math.max(n, scratch.length * 2));
  const codes = scratch;
  for (let k = i; k < n; k++) codes[k] = t[text.charCodeAt(k)]!;
  let out = text.slice(0, i);
  // Chunked to stay under the argument limit of fromCharCode.
  for (let k = i; k < n; k += 4096) {
    out += String.fromCharCode.apply(null, codes.subarray(k, Math.min(n, k + 4096)) as never);
  }
  return out;
}

let traditional: Set<string> | undefined;

/** Whether a character is a traditional form of a simplified one (not merely a variant, 帐). */
export function isTraditional(ch: string): boolean {
  if (!traditional) {
    traditional = new Set((t2s as { from: string }).from);
  }
  return traditional.has(ch);
}

/** Folds one character (a single UTF-16 code unit); other strings are returned unchanged. */
export function foldChar(ch: string): string {
  return ch.length === 1 ? fold(ch) : ch;
}
