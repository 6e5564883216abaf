import { expect } from 'vitest';

/** Inputs per property: enough to find what a trainer's worst file would. */
export const RUNS = 10_000;

/** Any one input must be handled well within this (a hang or a blow-up would exceed it). */
const MAX_MS = 3000;

/** Runs an import, failing on a hang: CPU time, so a busy machine pausing the test is no hang. */
export function timed<T>(f: () => T): T {
  const t0 = process.cpuUsage();
  const r = f();
  const used = process.cpuUsage(t0);
  expect((used.user + used.system) / 1000).toBeLessThan(MAX_MS);
  return r;
}
