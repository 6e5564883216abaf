import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Dialogue, dialogueFailures, replayDialogue } from '../../bench/dialogues.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/guard');

const files = readdirSync(FIXTURES).filter((f) => f.endsWith('dialogues.jsonl'));
describe.each(files)('checklist and guard over the labelled dialogues of %s', (file) => {
  const dialogues = readFileSync(join(FIXTURES, file), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Dialogue);
  it.each(dialogues.map((d) => [d.id, d] as const))('%s', (_id, d) => {
    // Steps done and open, the set of alert kinds, and the fields context rules went without.
    expect(dialogueFailures(d, replayDialogue(d))).toEqual([]);
  });
});
