import { describe, expect, it } from 'vitest';
import { analyzePlan, MAX_PLAN_CHARS } from '../../../src/analyzers/explain/index.ts';
import { filterColumns } from '../../../src/analyzers/explain/filter-columns.ts';
import { analyzeFixture, fixture } from './fixtures.ts';

describe('analyzePlan summary', () => {
  it('says where the time went, naming relation and index, with loops', () => {
    expect(analyzeFixture('nested-loop-many/positive.txt').summary).toBe(
      'Ran in 218 ms (planning 1.4 ms). Time went to Index Scan using orders_pkey on orders o (60,000 loops): 180 ms (83%); Seq Scan on payments p: 25.0 ms (11%). 2 findings: 1 high, 1 medium.',
    );
  });

  it('says a plan without ANALYZE is an estimate and ranks by estimated cost', () => {
    const result = analyzeFixture('plans/no-analyze.txt');
    expect(result.summary).toMatch(/^Estimated plan only \(EXPLAIN without ANALYZE\)/);
    expect(result.summary).toMatch(/Highest estimated cost: Gather Merge \(40%\)/);
  });

  it('applies only estimate-based rules to a plan without ANALYZE', () => {
    // The plan has a filtered Seq Scan on orders and a planned-parallel Gather Merge: neither is judged without actual rows.
    expect(analyzeFixture('plans/no-analyze.txt').findings).toEqual([]);
  });

  it('says TIMING OFF plans have no per-node times, and still applies row-based rules', () => {
    const result = analyzeFixture('plans/timing-off.txt');
    expect(result.summary).toMatch(/^Ran in 42\.3 ms with TIMING OFF, so there are no per-node times\. Most rows: /);
    expect(result.findings.map((f) => [f.rule, f.line])).toEqual([['seq-scan-large-filtered', 5]]);
  });

  it('adds up many small nodes on one relation, as partitions or UNION ALL branches produce', () => {
    const branch = (i: number) =>
      `  ->  Index Scan using orders_pkey on orders orders_${i}  (cost=0.42..8.44 rows=1 width=14) (actual time=0.010..0.500 rows=1 loops=1)\n        Index Cond: (id = ${i})`;
    const plan = [
      'Append  (cost=0.42..211.00 rows=25 width=14) (actual time=0.020..13.000 rows=25 loops=1)',
      ...Array.from({ length: 25 }, (_, i) => branch(i + 1)),
      'Execution Time: 13.100 ms',
    ].join('\n');
    const result = analyzePlan(plan);
    expect(result.ok && result.summary).toContain('Together, 25 Index Scan nodes on orders took 12.5 ms (95%).');
  });

  it('ends with "No findings." for a healthy plan', () => {
    expect(analyzeFixture('nested-loop-many/negative.txt').summary).toMatch(/ No findings\.$/);
  });
});

describe('analyzePlan findings', () => {
  it('sorts findings by severity, then line', () => {
    const { findings } = analyzeFixture('nested-loop-many/positive.json');
    expect(findings.map((f) => [f.severity, f.line])).toEqual([['high', 6], ['high', 31], ['medium', 57]]);
  });

  it('suggests an index on the filter columns, equality first', () => {
    const [finding] = analyzeFixture('seq-scan-large-filtered/positive.json').findings;
    expect(finding?.fix).toContain('CREATE INDEX CONCURRENTLY ON orders (status, created_at)');
  });

  it('quotes the node header as evidence, rebuilt in text form for JSON plans', () => {
    const [finding] = analyzeFixture('seq-scan-large-filtered/positive.json').findings;
    expect(finding?.evidence).toBe('Seq Scan on orders o  (cost=0.00..8786.00 rows=2122 width=18) (actual time=13.930..57.178 rows=2136 loops=1)');
  });

  it('quotes identifiers in the SQL it suggests', () => {
    const result = analyzePlan(
      'Seq Scan on "Order Items" oi  (cost=0.00..10.00 rows=1 width=4) (actual time=0.010..50.000 rows=1 loops=1)\n  Filter: ("Sku" = \'x\'::text)\n  Rows Removed by Filter: 99999',
    );
    expect(result.ok && result.findings[0]?.fix).toContain('CREATE INDEX CONCURRENTLY ON "Order Items" ("Sku")');
  });

  it('honours largeRelationRows', () => {
    const { findings } = analyzeFixture('seq-scan-large-filtered/negative-small-table.txt', { largeRelationRows: 100 });
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['seq-scan-large-filtered', 1]]);
  });

  it('suggests plan_cache_mode when a generic plan misestimates parameterised conditions', () => {
    const [finding] = analyzeFixture('row-misestimate/positive-generic-plan.txt').findings;
    expect(finding?.fix).toContain('plan_cache_mode = force_custom_plan');
    expect(finding?.fix).toContain('ANALYZE measurements_2024_q2');
  });

  it('reports a spilled Incremental Sort group', () => {
    const plan = JSON.stringify([{ Plan: {
      'Node Type': 'Incremental Sort', 'Plan Rows': 1000, 'Actual Rows': 1000, 'Actual Loops': 1, 'Actual Total Time': 50, 'Actual Startup Time': 1,
      'Full-sort Groups': { 'Group Count': 3, 'Sort Methods Used': ['external merge'], 'Sort Space Disk': { 'Average Sort Space Used': 900, 'Peak Sort Space Used': 1200 } },
    } }], null, 2);
    const result = analyzePlan(plan);
    expect(result.ok && result.findings.map((f) => [f.rule, f.line])).toEqual([['sort-spill', 4]]);
  });

  it('accepts a bare node object and reads "Actual Loops": 0 as never executed', () => {
    const result = analyzePlan('{"Node Type": "Hash Join", "Actual Loops": 1, "Actual Rows": 0, "Plans": [{"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Relation Name": "t", "Actual Loops": 0, "Actual Rows": 0}]}');
    expect(result.ok && result.findings.map((f) => [f.rule, f.message.startsWith('Seq Scan on t never ran')])).toEqual([['never-executed', true]]);
  });
});

describe('analyzePlan input errors', () => {
  it.each([
    ['empty input', '  \n\n', 'unsupported-input'],
    ['prose', 'the query is slow, please help', 'unsupported-input'],
    ['JSON that is not a plan', '{"rows": [1, 2]}', 'unsupported-input'],
    ['XML format', '<explain xmlns="http://www.postgresql.org/2009/explain"></explain>', 'unsupported-input'],
    ['YAML format', '- Plan:\n    Node Type: "Seq Scan"', 'unsupported-input'],
  ])('%s -> %s', (_name, input, code) => {
    const result = analyzePlan(input);
    expect(result.ok ? 'ok' : result.error.code).toBe(code);
  });

  it('reports the line of a JSON syntax error', () => {
    const result = analyzePlan('[\n  {\n    "Plan": {\n      "Node Type": "Seq Scan",,\n    }\n  }\n]', { file: 'plan.json' });
    expect(result.ok ? undefined : result.error).toMatchObject({ code: 'parse-error', file: 'plan.json', line: 4 });
  });

  it('refuses input over the size cap', () => {
    const result = analyzePlan(' '.repeat(MAX_PLAN_CHARS + 1));
    expect(result.ok ? undefined : result.error.code).toBe('input-too-large');
  });

  it.each([
    ['a negative threshold', { largeRelationRows: -1 }],
    ['an empty file name', { file: '' }],
  ])('refuses %s', (_name, options) => {
    const result = analyzePlan(fixture('sort-spill/positive.txt'), options);
    expect(result.ok ? undefined : result.error.code).toBe('invalid-argument');
  });

  it('refuses a plan that is not a string', () => {
    const result = analyzePlan(42 as unknown as string);
    expect(result.ok ? undefined : result.error.code).toBe('invalid-argument');
  });

  it('refuses a plan nested deeper than the depth cap', () => {
    const deep = Array.from({ length: 1100 }, (_, i) => `${' '.repeat(2 + 6 * i)}->  Materialize  (cost=0.00..1.00 rows=1 width=4)`).join('\n');
    const result = analyzePlan(`Materialize  (cost=0.00..1.00 rows=1 width=4)\n${deep}`);
    expect(result.ok ? undefined : result.error.code).toBe('unsupported-input');
  });
});

describe('filterColumns', () => {
  it('drops string literals and casts, and puts equality columns first', () => {
    expect(filterColumns("((created_at > '2024-03-01 00:00:00+00'::timestamp with time zone) AND (status = 'pending'::text))").columns).toEqual(['status', 'created_at']);
  });

  it('skips columns of other relations when the owner is known', () => {
    expect(filterColumns('((i.order_id = o.id) AND (i.qty > 2))', ['order_items', 'i']).columns).toEqual(['order_id', 'qty']);
  });

  it('reports functions applied to columns and OR', () => {
    expect(filterColumns("((lower((email)::text) = 'a@b.c'::text) OR (id = $1))")).toEqual({ columns: ['email', 'id'], functions: ['lower'], hasOr: true });
  });

  it('ignores subplan references and keywords', () => {
    expect(filterColumns('((NOT (hashed SubPlan 1)) AND (deleted_at IS NULL))').columns).toEqual(['deleted_at']);
  });
});
