/**
 * The article model: the centroids refined by softmax training over each article's title and
 * question variants, so words that tell articles apart weigh more than words they share.
 */
import { Triples } from './csr.ts';
import type { Csr, EngineParams } from './model.ts';

/** A training example: a unit's sparse vector (term ids, weights) and its document. */
export interface Example {
  ids: Int32Array;
  x: Float32Array;
  doc: number;
}

/** The vectors of the units that train the article model (the postings, transposed). */
export function unitVectors(
  postings: Csr,
  unitDoc: Int32Array,
  unitField: Uint8Array,
  nUnits: number,
  inCentroid: boolean[],
): Example[] {
  const { off, ids, w } = postings;
  const start = new Int32Array(nUnits + 1);
  for (let x = 0; x < ids.length; x++) start[ids[x]! + 1]!++;
  for (let u = 0; u < nUnits; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, nUnits);
  const terms = new Int32Array(ids.length);
  const vals = new Float32Array(ids.length);
  for (let t = 0; t + 1 < off.length; t++) {
    for (let x = off[t]!; x < off[t + 1]!; x++) {
      const at = fill[ids[x]!]!++;
      terms[at] = t;
      vals[at] = w[x]!;
    }
  }
  const out: Example[] = [];
  for (let u = 0; u < nUnits; u++) {
    if (!inCentroid[unitField[u]!]) continue;
    out.push({
      ids: terms.subarray(start[u]!, start[u + 1]!),
      x: vals.subarray(start[u]!, start[u + 1]!),
      doc: unitDoc[u]!,
    });
  }
  return out;
}

/** Whether to train the article model: enough variants per article, a bounded dense step. */
export function willTrain(A: number, units: number, params: EngineParams): boolean {
  // At least ~1,000 vocabulary rows per article must fit the dense step.
  return params.epochs > 0 && A >= 2 && units >= 2 * A && A * 1000 <= params.maxModelCells;
}

/**
 * Turns the centroids into a small linear model of which words point to which article:
 * softmax regression over the question variants, started from the centroids. Words shared by
 * several articles lose weight where they mislead, distinctive words gain. Skipped (centroids
 * kept) when articles have too few variants to learn from or the dense step would not fit.
 */
export function trainModel(
  V: number,
  A: number,
  input: Example[],
  centroids: Csr,
  params: EngineParams,
): Csr {
  const n = input.length;
  if (!willTrain(A, n, params)) return centroids;
  // Dense rows only for the buckets the centroids use.
  const compact = new Int32Array(V).fill(-1);
  const used: number[] = [];
  for (let t = 0; t < V; t++) {
    if (centroids.off[t + 1]! > centroids.off[t]!) {
      compact[t] = used.length;
      used.push(t);
    }
  }
  const Vc = used.length;
  if (Vc * A > params.maxModelCells) return centroids;
  const examples = input.map((e) => ({ ...e, ids: e.ids.map((t) => compact[t]!) }));
  let nnz = 0;
  for (const e of examples) nnz += e.ids.length;
  // Cost bound: keep training to a few hundred million multiply-adds.
  const epochs = Math.max(
    1,
    Math.min(params.epochs, Math.floor(params.trainBudget / (2 * nnz * A))),
  );
  const W = new Float32Array(Vc * A);
  for (let c = 0; c < Vc; c++) {
    const t = used[c]!;
    for (let k = centroids.off[t]!; k < centroids.off[t + 1]!; k++)
      W[c * A + centroids.ids[k]!] = centroids.w[k]!;
  }
  trainEpochs(W, A, examples, epochs, params);
  return sparseModel(W, A, used, V, params.modelPrune);
}

/** Softmax SGD over the examples, in place on the dense rows W (row = compact term, A wide). */
function trainEpochs(
  W: Float32Array,
  A: number,
  examples: Example[],
  epochs: number,
  params: EngineParams,
): void {
  const n = examples.length;
  const s = new Float64Array(A);
  const active = new Int32Array(A);
  const step = new Float64Array(A);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let seed = 12345;
  const rand = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const { learningRate: lr, temperature: temp } = params;
  for (let e = 0; e < epochs; e++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    for (let oi = 0; oi < n; oi++) {
      const { ids, x, doc } = examples[order[oi]!]!;
      s.fill(0);
      for (let k = 0; k < ids.length; k++) {
        const base = ids[k]! * A;
        const xv = x[k]!;
        for (let a = 0; a < A; a++) s[a]! += xv * W[base + a]!;
      }
      let max = -Infinity;
      for (let a = 0; a < A; a++) if (s[a]! > max) max = s[a]!;
      let z = 0;
      for (let a = 0; a < A; a++) {
        const p = Math.exp(temp * (s[a]! - max));
        s[a] = p;
        z += p;
      }
      // Gradient: only the articles it moves, applied row by row (contiguous in W).
      let m = 0;
      for (let a = 0; a < A; a++) {
        const g = s[a]! / z - (a === doc ? 1 : 0);
        if (g > -1e-4 && g < 1e-4) continue;
        active[m] = a;
        step[m++] = lr * g;
      }
      for (let k = 0; k < ids.length; k++) {
        const base = ids[k]! * A;
        const xv = x[k]!;
        for (let i = 0; i < m; i++) W[base + active[i]!]! -= step[i]! * xv;
      }
    }
  }
}

/** Sparse again: per term, only weights that matter next to its largest one. */
function sparseModel(W: Float32Array, A: number, used: number[], V: number, prune: number): Csr {
  const out = new Triples();
  for (let c = 0; c < used.length; c++) {
    const base = c * A;
    let max = 0;
    for (let a = 0; a < A; a++) max = Math.max(max, Math.abs(W[base + a]!));
    const keep = Math.max(1e-3, prune * max);
    for (let a = 0; a < A; a++) {
      const v = W[base + a]!;
      if (v > keep || v < -keep) out.push(used[c]!, a, v);
    }
  }
  return out.csr(V);
}
