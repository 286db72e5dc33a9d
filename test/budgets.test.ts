import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { analyze } from '../src/pipeline.ts';
import { materialise } from './helpers/fixtures.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

test('a playbook attached on invoke counts against the body budget like a command body', () => {
  const { root } = materialise();
  roots.push(root);
  fs.writeFileSync(path.join(root, 'skills/helper/operations/alpha.md'), `# alpha\n\n${'Step. '.repeat(2000)}\n`);
  const hits = analyze(root).diagnostics.filter((d) => d.rule === 'budget-body');
  expect(hits.map((d) => d.file)).toEqual(['skills/helper/operations/alpha.md']);
});

test('the real playbooks are within the budget', () => {
  const result = analyze(path.resolve(import.meta.dirname, '..'));
  expect(result.report!.attachments.length).toBe(7);
  for (const a of result.report!.attachments) expect(a.tokens, a.file).toBeLessThanOrEqual(2500);
});
