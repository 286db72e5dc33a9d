import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePlan } from '../../../src/analyzers/explain/index.ts';
import { planNodeSchema } from '../../../src/analyzers/explain/plan.ts';
import { analyzerErrorSchema, findingSchema } from '../../../src/analyzers/finding.ts';
import { allFixtures, fixture } from './fixtures.ts';

const RUNS = 200;

/** The contract: findings that match the schema, or a structured error; never an exception (code "internal"). */
function expectWellFormed(input: string): void {
  const result = analyzePlan(input);
  if (!result.ok) {
    expect(analyzerErrorSchema.parse(result.error).code).not.toBe('internal');
    return;
  }
  for (const finding of result.findings) findingSchema.parse(finding);
  expect(typeof result.summary).toBe('string');
  planNodeSchema.parse(result.plan);
}

const FIXTURES = allFixtures().map((path) => fixture(path));

type Mutation = (lines: string[]) => string[];
const at = (lines: string[], i: number): number => i % Math.max(lines.length, 1);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i): Mutation => (lines) => lines.filter((_, j) => j !== at(lines, i))),
  fc.nat().map((i): Mutation => (lines) => lines.flatMap((l, j) => (j === at(lines, i) ? [l, l] : [l]))),
  fc.tuple(fc.nat(), fc.integer({ min: -8, max: 8 })).map(([i, d]): Mutation => (lines) =>
    lines.map((l, j) => (j === at(lines, i) ? (d >= 0 ? ' '.repeat(d) + l : l.slice(-d)) : l)),
  ),
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom('0', '-1', '1e308', 'NaN', '99999999999999999999', '0.5'), fc.integer().map(String))).map(
    ([i, n]): Mutation => (lines) => lines.map((l, j) => (j === at(lines, i) ? l.replace(/\d+(\.\d+)?/, n) : l)),
  ),
  fc.tuple(fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 12 })).map(([i, k, s]): Mutation => (lines) =>
    lines.map((l, j) => (j === at(lines, i) ? l.slice(0, k % (l.length + 1)) + s + l.slice(k % (l.length + 1)) : l)),
  ),
  fc.nat().map((i): Mutation => (lines) => lines.slice(0, at(lines, i) + 1)),
  fc.tuple(fc.nat(), fc.nat()).map(([i, k]): Mutation => (lines) => {
    if (lines.length === 0) return lines;
    const a = at(lines, i);
    const b = at(lines, k);
    const copy = [...lines];
    [copy[a], copy[b]] = [copy[b]!, copy[a]!];
    return copy;
  }),
);

const anyValue = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 20 }), fc.boolean(), fc.constant(null), fc.constant([]));
const { planNode } = fc.letrec((tie) => ({
  planNode: fc.record(
    {
      'Node Type': fc.oneof(fc.constantFrom('Seq Scan', 'Index Only Scan', 'Bitmap Heap Scan', 'Nested Loop', 'Hash', 'Aggregate', 'Sort', 'Gather', 'CTE Scan', 'Limit'), anyValue),
      'Parent Relationship': fc.oneof(fc.constantFrom('Outer', 'Inner', 'InitPlan', 'SubPlan'), anyValue),
      'Subplan Name': fc.oneof(fc.constantFrom('CTE x', 'InitPlan 1 (returns $0)', 'InitPlan 2', 'SubPlan 3'), anyValue),
      'CTE Name': fc.oneof(fc.constant('x'), anyValue),
      Filter: fc.oneof(fc.constantFrom('(a = $0)', "((status = 'x'::text) OR (lower(b) = c))", '(InitPlan 2).col1'), anyValue),
      'Plan Rows': anyValue,
      'Actual Rows': anyValue,
      'Actual Loops': anyValue,
      'Actual Startup Time': anyValue,
      'Actual Total Time': anyValue,
      'Rows Removed by Filter': anyValue,
      'Workers Planned': anyValue,
      'Workers Launched': anyValue,
      'Sort Method': anyValue,
      'Sort Space Type': fc.oneof(fc.constant('Disk'), anyValue),
      'Hash Batches': anyValue,
      'HashAgg Batches': anyValue,
      'Heap Fetches': anyValue,
      'Lossy Heap Blocks': anyValue,
      Workers: fc.oneof(fc.array(fc.dictionary(fc.constantFrom('Sort Method', 'Sort Space Type', 'Worker Number', 'Disk Usage'), anyValue), { maxLength: 2 }), anyValue),
      Plans: fc.oneof({ depthSize: 'small' }, anyValue, fc.array(tie('planNode'), { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
}));

describe('explain analyzer never throws', () => {
  it('on random text', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), expectWellFormed), { numRuns: RUNS });
  });

  it('on mutated fixtures', () => {
    fc.assert(
      fc.property(fc.nat({ max: FIXTURES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (index, mutations) => {
        const lines = mutations.reduce((acc, mutate) => mutate(acc), FIXTURES[index]!.split('\n'));
        expectWellFormed(lines.join('\n'));
      }),
      { numRuns: RUNS },
    );
  });

  it('on random JSON plan trees with values of the wrong type', () => {
    fc.assert(fc.property(planNode, fc.boolean(), (node, wrapped) => expectWellFormed(JSON.stringify(wrapped ? [{ Plan: node, 'Execution Time': 1 }] : node, null, 2))), { numRuns: RUNS });
  });
});
