/** The build's sort of (token key, unit) pairs, in place of a vocabulary lookup per token. */

/**
 * Sorts (key, value) pairs by key, stably: LSD radix on the top 24 bits (three 8-bit passes,
 * counting tables in cache), then each run of equal top bits (a handful of entries: keys are
 * hashes) put in order by an insertion sort. `spare` returns the other pair of arrays.
 */
export function radixSortPairs(
  keys: Uint32Array,
  vals: Uint32Array,
): { keys: Uint32Array; vals: Uint32Array; spare: [Uint32Array, Uint32Array] } {
  const n = keys.length;
  let k1: Uint32Array = keys;
  let v1: Uint32Array = vals;
  let k2: Uint32Array = new Uint32Array(n);
  let v2: Uint32Array = new Uint32Array(n);
  const count = new Int32Array(256);
  for (let shift = 8; shift < 32; shift += 8) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(k1[i]! >>> shift) & 0xff]!++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = k1[i]!;
      const p = count[(k >>> shift) & 0xff]!++;
      k2[p] = k;
      v2[p] = v1[i]!;
    }
    [k1, k2] = [k2, k1];
    [v1, v2] = [v2, v1];
  }
  for (let i = 1; i < n; i++) {
    const k = k1[i]!;
    // Only within a run of equal top bits, and only when out of order (stable: strict >).
    if (k1[i - 1]! <= k || k1[i - 1]! >>> 8 !== k >>> 8) continue;
    const v = v1[i]!;
    let j = i - 1;
    while (j >= 0 && k1[j]! > k && k1[j]! >>> 8 === k >>> 8) {
      k1[j + 1] = k1[j]!;
      v1[j + 1] = v1[j]!;
      j--;
    }
    k1[j + 1] = k;
    v1[j + 1] = v;
  }
  return { keys: k1, vals: v1, spare: [k2, v2] };
}
