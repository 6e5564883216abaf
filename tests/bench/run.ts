/**
 * `npm run bench -- <what> [options]`: one JSON object per line on stdout, prose on stderr
 * (shared contract: benchmarks). Each benchmark is a module beside this file exporting `run`.
 */
const BENCHES = [
  'search',
  'scale',
  'guard',
  'faq-answers',
  'dialogues',
  'crm',
  'records',
  'sidebar',
  'endurance',
  'summary',
  'centre',
  'replay',
] as const;

async function main(): Promise<void> {
  const [what, ...args] = process.argv.slice(2);
  if (!what || !(BENCHES as readonly string[]).includes(what)) {
    process.stderr.write(`usage: npm run bench -- <${BENCHES.join('|')}> [options]\n`);
    process.exit(2);
  }
  const mod = (await import(`./${what}.ts`)) as { run: (args: string[]) => Promise<void> };
  await mod.run(args);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
