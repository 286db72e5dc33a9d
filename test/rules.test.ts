import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.ts';
import { analyze } from '../src/pipeline.ts';
import { RULE_IDS } from '../src/rules.ts';
import { BASE, FIXTURES, materialise, ruleFixtures } from './helpers/fixtures.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

test('the base fixture is clean, so every rule fixture differs from it by one mistake', () => {
  const { diagnostics } = analyze(BASE);
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
});

test('every rule has a failing fixture, and every fixture names a rule', () => {
  expect(ruleFixtures()).toEqual([...RULE_IDS].sort());
});

describe.each(RULE_IDS)('rule %s', (rule) => {
  test('its fixture reports it', () => {
    const { root, spec } = materialise(path.join(FIXTURES, 'rules', rule));
    roots.push(root);
    const { diagnostics } = analyze(root);
    const hits = diagnostics.filter((d) => d.rule === rule);
    expect(hits, diagnostics.map(formatDiagnostic).join('\n') || 'no diagnostics at all').not.toHaveLength(0);
    for (const d of hits) expect(d.message.length).toBeGreaterThan(10);
    if (spec.expect) expect(hits).toContainEqual(expect.objectContaining(spec.expect));
  });
});
