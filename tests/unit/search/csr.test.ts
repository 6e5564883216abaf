import { describe, expect, it } from 'vitest';
import { Grow, Triples } from '../../../knowledge/search/csr.ts';

describe('index tables', () => {
  it('grows a typed array past its first capacity, keeping every value', () => {
    const g = new Grow(Int32Array, 16);
    for (let i = 0; i < 1000; i++) g.push(i * 3);
    const a = g.done();
    expect(a.length).toBe(1000);
    expect(a[999]).toBe(2997);
  });

  it('turns (row, id, weight) triples into rows, in push order within a row', () => {
    const t = new Triples();
    t.push(2, 7, 0.5);
    t.push(0, 1, 1);
    t.push(2, 3, 0.25);
    const { off, ids, w } = t.csr(3);
    expect([...off]).toEqual([0, 1, 1, 3]);
    expect([...ids]).toEqual([1, 7, 3]);
    expect([...w]).toEqual([1, 0.5, 0.25]);
  });
});
