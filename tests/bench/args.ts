/** Reads `--name value` options of a bench command line. */
export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Like `option`, but exits with a usage message when the option is missing. */
export function required(args: string[], name: string, usage: string): string {
  const v = option(args, name);
  if (v === undefined) {
    process.stderr.write(`missing --${name}\nusage: ${usage}\n`);
    process.exit(2);
  }
  return v;
}

/** Prints one result line of the bench contract. */
export function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** The value at quantile q (0..1) of a list of numbers. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export const round = (x: number, digits = 4): number => Number(x.toFixed(digits));
