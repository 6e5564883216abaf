/** Growable typed arrays and compressed sparse rows: the building blocks of the index tables. */
import type { Csr } from './model.ts';

/** Sorts (row, id, weight) triples into compressed rows (a counting sort by row). */
export function toCsr(
  rows: number,
  rowArr: Int32Array,
  idArr: Int32Array,
  wArr: Float32Array,
): Csr {
  const off = new Int32Array(rows + 1);
  for (let i = 0; i < rowArr.length; i++) off[rowArr[i]! + 1]!++;
  for (let r = 0; r < rows; r++) off[r + 1]! += off[r]!;
  const fill = off.slice(0, rows);
  const ids = new Int32Array(rowArr.length);
  const w = new Float32Array(rowArr.length);
  for (let i = 0; i < rowArr.length; i++) {
    const p = fill[rowArr[i]!]!++;
    ids[p] = idArr[i]!;
    w[p] = wArr[i]!;
  }
  return { off, ids, w };
}

type TypedArray = Int32Array | Uint32Array | Uint8Array | Float32Array;

/** A growable typed array. */
export class Grow<T extends TypedArray> {
  a: T;
  n = 0;
  constructor(
    private readonly Ctor: new (n: number) => T,
    capacity = 1024,
  ) {
    this.a = new Ctor(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new this.Ctor(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): T {
    return this.a.slice(0, this.n) as T;
  }
}

/** Growable parallel arrays of (row, id, weight). */
export class Triples {
  row = new Int32Array(1024);
  id = new Int32Array(1024);
  w = new Float32Array(1024);
  n = 0;
  push(row: number, id: number, w: number): void {
    if (this.n === this.row.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.row = grow(this.row);
      this.id = grow(this.id);
      this.w = grow(this.w);
    }
    this.row[this.n] = row;
    this.id[this.n] = id;
    this.w[this.n] = w;
    this.n++;
  }
  csr(rows: number): Csr {
    return toCsr(
      rows,
      this.row.subarray(0, this.n),
      this.id.subarray(0, this.n),
      this.w.subarray(0, this.n),
    );
  }
}
