import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type Csr } from '../../../knowledge/search/model.ts';
import { type Example, trainModel, willTrain } from '../../../knowledge/search/train.ts';

/** Term 0 shared by both articles, term 1 only in article 0's variants, term 2 only in 1's. */
const centroids: Csr = {
  off: Int32Array.from([0, 2, 3, 4]),
  ids: Int32Array.from([0, 1, 0, 1]),
  w: Float32Array.from([0.7, 0.7, 0.7, 0.7]),
};
const example = (ids: number[], doc: number): Example => ({
  ids: Int32Array.from(ids),
  x: Float32Array.from(ids.map(() => 0.7)),
  doc,
});
const examples = [example([0, 1], 0), example([0, 1], 0), example([0, 2], 1), example([0, 2], 1)];
const weight = (m: Csr, term: number, doc: number): number => {
  for (let k = m.off[term]!; k < m.off[term + 1]!; k++) if (m.ids[k] === doc) return m.w[k]!;
  return 0;
};

describe('article model', () => {
  it('learns that distinctive words point to their article more than shared ones', () => {
    const model = trainModel(3, 2, examples, centroids, DEFAULT_PARAMS);
    expect(model).not.toBe(centroids);
    expect(weight(model, 1, 0)).toBeGreaterThan(0.7);
    expect(weight(model, 1, 0) - weight(model, 1, 1)).toBeGreaterThan(
      weight(model, 0, 0) - weight(model, 0, 1),
    );
  });

  it('keeps the centroids when there is too little to learn from', () => {
    expect(willTrain(2, 3, DEFAULT_PARAMS)).toBe(false);
    expect(willTrain(1, 10, DEFAULT_PARAMS)).toBe(false);
    expect(trainModel(3, 2, examples.slice(0, 3), centroids, DEFAULT_PARAMS)).toBe(centroids);
    expect(trainModel(3, 2, examples, centroids, { ...DEFAULT_PARAMS, epochs: 0 })).toBe(centroids);
  });
});
