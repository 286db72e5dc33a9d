import { describe, expect, it } from 'vitest';
import { ruleInfoSchema } from '../../../src/analyzers/finding.ts';
import { EXPLAIN_RULES } from '../../../src/analyzers/explain/index.ts';
import { allFixtures, analyzeFixture } from './fixtures.ts';

/** Fixture -> the lines where the rule must fire (the line of the node in the pasted input). */
const POSITIVE: [fixture: string, rule: string, lines: number[]][] = [
  ['seq-scan-large-filtered/positive.txt', 'seq-scan-large-filtered', [3]],
  ['seq-scan-large-filtered/positive.json', 'seq-scan-large-filtered', [32]],
  ['seq-scan-large-filtered/positive-parallel.txt', 'seq-scan-large-filtered', [11]],
  ['index-scan-filtered/positive.txt', 'index-scan-filtered', [3]],
  ['row-misestimate/positive.txt', 'row-misestimate', [5]],
  ['row-misestimate/positive-generic-plan.txt', 'row-misestimate', [17]],
  ['sort-spill/positive.txt', 'sort-spill', [3]],
  ['sort-spill/positive-workers.json', 'sort-spill', [32]],
  ['sort-spill/positive-verbose-workers.txt', 'sort-spill', [8]],
  ['sort-spill/positive-border2.txt', 'sort-spill', [4]],
  ['hash-spill/positive-hash-join.json', 'hash-spill', [62]],
  ['hash-spill/positive-hashagg.txt', 'hash-spill', [3]],
  ['hash-spill/positive-psql-cell.txt', 'hash-spill', [18]],
  ['hash-spill/positive-estimate-only.txt', 'hash-spill', [3]],
  ['nested-loop-many/positive.txt', 'nested-loop-many', [3]],
  ['nested-loop-many/positive.json', 'nested-loop-many', [6, 31]],
  ['workers-not-launched/positive.txt', 'workers-not-launched', [6]],
  ['heap-fetches-high/positive.txt', 'heap-fetches-high', [3]],
  ['bitmap-lossy/positive.txt', 'bitmap-lossy', [3]],
  ['never-executed/positive.txt', 'never-executed', [9]],
];

/** Fixture -> a rule that must stay silent on it (each one a trap for that rule). */
const NEGATIVE: [fixture: string, rule: string, trap: string][] = [
  ['seq-scan-large-filtered/negative-not-selective.txt', 'seq-scan-large-filtered', 'the filter keeps 99% of a large table'],
  ['seq-scan-large-filtered/negative-small-table.txt', 'seq-scan-large-filtered', 'a selective filter on a 250-row table'],
  ['index-scan-filtered/negative.txt', 'index-scan-filtered', 'the filter removes 29 of 2,880 rows'],
  ['row-misestimate/negative-limit.txt', 'row-misestimate', 'a scan under LIMIT stops after 10 of 270,740 estimated rows'],
  ['row-misestimate/negative.txt', 'row-misestimate', 'estimates within 2x'],
  ['sort-spill/negative.txt', 'sort-spill', 'top-N heapsort in memory'],
  ['hash-spill/negative.txt', 'hash-spill', 'one batch'],
  ['nested-loop-many/negative.txt', 'nested-loop-many', 'an inner index scan repeated 21 times'],
  ['workers-not-launched/negative.txt', 'workers-not-launched', 'all planned workers launched'],
  ['heap-fetches-high/negative.txt', 'heap-fetches-high', 'Heap Fetches: 0 on a vacuumed table'],
  ['bitmap-lossy/negative.txt', 'bitmap-lossy', 'exact heap blocks only'],
  ['never-executed/negative.txt', 'never-executed', 'every node ran'],
];

describe('explain rules: positive fixtures', () => {
  it.each(POSITIVE)('%s reports %s at lines %j', (path, rule, lines) => {
    const { findings } = analyzeFixture(path);
    expect(findings.filter((f) => f.rule === rule).map((f) => f.line)).toEqual(lines);
  });
});

describe('explain rules: negative fixtures', () => {
  it.each(NEGATIVE)('%s does not report %s (%s)', (path, rule) => {
    const { findings } = analyzeFixture(path);
    expect(findings.filter((f) => f.rule === rule)).toEqual([]);
  });
});

describe('explain rule registry', () => {
  it.each(EXPLAIN_RULES.map((r) => [r.id, r] as const))('%s is valid rule metadata with a PostgreSQL docs source', (_id, rule) => {
    expect(ruleInfoSchema.parse(rule).source).toMatch(/^https:\/\/www\.postgresql\.org\/docs\/current\//);
  });

  it.each(EXPLAIN_RULES.map((r) => r.id))('%s has a positive and a negative fixture', (id) => {
    expect(POSITIVE.some(([, rule]) => rule === id)).toBe(true);
    expect(NEGATIVE.some(([, rule]) => rule === id)).toBe(true);
  });

  it('every positive or negative fixture file is covered by a test above', () => {
    const listed = new Set([...POSITIVE, ...NEGATIVE].map(([path]) => path));
    const ruleFixtures = allFixtures().filter((p) => /(^|\/)(positive|negative)[^/]*$/.test(p));
    expect(ruleFixtures.filter((p) => !listed.has(p))).toEqual([]);
  });

  it('findings carry their rule severity, the plan category and the caller file', () => {
    const { findings } = analyzeFixture('nested-loop-many/positive.txt');
    for (const f of findings) {
      expect(f.severity).toBe(EXPLAIN_RULES.find((r) => r.id === f.rule)?.severity);
      expect(f.category).toBe('plan');
      expect(f.file).toBe('nested-loop-many/positive.txt');
    }
  });
});
