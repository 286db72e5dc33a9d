import { describe, expect, it } from 'vitest';
import { analyzePlan } from '../../../src/analyzers/explain/index.ts';
import { walk, type PlanNode } from '../../../src/analyzers/explain/plan.ts';
import { analyzeFixture } from './fixtures.ts';

function nodes(root: PlanNode | undefined): PlanNode[] {
  return root ? [...walk(root)].map((w) => w.node) : [];
}

/** The shape of a tree without timings, to compare two runs of one query or two formats of one plan. */
function shape(root: PlanNode | undefined): unknown[] {
  return nodes(root).map((n) => [n.nodeType, n.parentRelationship, n.subplanName, n.relation, n.index, n.cteName, n.planRows, n.children.length]);
}

describe('explain text parser', () => {
  it('reads a node and its properties from psql output, skipping the header and the row count', () => {
    const root = analyzeFixture('seq-scan-large-filtered/positive.txt').plan!;
    expect(root).toMatchObject({
      line: 3,
      nodeType: 'Seq Scan',
      relation: 'orders',
      planRows: 1500,
      actualRows: 1500,
      actualLoops: 1,
      rowsRemovedByFilter: 298500,
      filter: "((total > '500'::numeric) AND (status = 'pending'::text))",
      buffers: { sharedHit: 4286, sharedRead: 0 },
    });
    expect(root.children).toEqual([]);
  });

  it('reads a plan pasted without psql decoration', () => {
    expect(analyzeFixture('seq-scan-large-filtered/negative-small-table.txt').plan).toMatchObject({ line: 1, relation: 'countries', rowsRemovedByFilter: 249 });
  });

  it('strips the "+" continuations of a plan copied from one result cell', () => {
    const result = analyzeFixture('hash-spill/positive-psql-cell.txt');
    const hash = nodes(result.plan).find((n) => n.nodeType === 'Hash');
    expect(hash).toMatchObject({ line: 18, hashBuckets: 16384, hashBatches: 4, originalHashBatches: 4, peakMemoryKb: 344 });
    expect(result.summary).toMatch(/^Ran in 56\.3 ms \(planning 0\.99 ms\)/);
  });

  it('strips the borders of \\pset border 2', () => {
    const root = analyzeFixture('sort-spill/positive-border2.txt').plan!;
    expect(root).toMatchObject({ nodeType: 'Sort', line: 4, sortKey: 'total, id', sorts: [{ method: 'external merge', spaceType: 'Disk', spaceUsedKb: 7416 }] });
    expect(root.children[0]).toMatchObject({ nodeType: 'Seq Scan', line: 8, parentRelationship: 'Outer' });
  });

  it.each([
    ['a psql session with the prompt line', "shop=# EXPLAIN ANALYZE SELECT id FROM orders WHERE status = 'pending';\n QUERY PLAN\n----------\n ROOT\n   Filter: (status = 'pending'::text)\n(2 rows)", 4],
    ['rows quoted by a result grid', '"ROOT"\n"  Filter: (status = \'pending\'::text)"', 1],
    ['an auto_explain log entry', "LOG:  duration: 73.9 ms  plan:\n\tQuery Text: SELECT id FROM orders\n\tROOT\n\t  Filter: (status = 'pending'::text)", 3],
  ])('reads %s', (_name, template, line) => {
    const root = 'Seq Scan on orders  (cost=0.00..8786.00 rows=1500 width=18) (actual time=0.122..73.850 rows=1500 loops=1)';
    const result = analyzePlan(template.replace('ROOT', root));
    expect(result.ok && result.plan).toMatchObject({ line, relation: 'orders', filter: "(status = 'pending'::text)" });
  });

  it('reads a COSTS OFF plan by its node names', () => {
    const result = analyzePlan('Hash Join\n  Hash Cond: (o.customer_id = c.id)\n  ->  Seq Scan on orders o\n  ->  Hash\n        ->  Seq Scan on customers c');
    expect(result.ok && nodes(result.plan).map((n) => [n.nodeType, n.parentRelationship])).toEqual([
      ['Hash Join', undefined],
      ['Seq Scan', 'Outer'],
      ['Hash', 'Inner'],
      ['Seq Scan', 'Outer'],
    ]);
  });

  it('names join sides Outer and Inner, and reads the index and alias of a scan', () => {
    const root = analyzeFixture('nested-loop-many/negative.txt').plan!;
    expect(root).toMatchObject({ nodeType: 'Nested Loop', joinType: 'Inner' });
    expect(root.children.map((c) => [c.parentRelationship, c.nodeType, c.index, c.relation, c.alias, c.actualLoops])).toEqual([
      ['Outer', 'Index Scan', 'orders_pkey', 'orders', 'o', 1],
      ['Inner', 'Index Scan', 'order_items_order_id_idx', 'order_items', 'i', 21],
    ]);
  });

  it('attaches CTE, InitPlan and SubPlan labels to the node below them', () => {
    const root = analyzeFixture('plans/cte-initplan-subplan.txt').plan!;
    expect(root.children.map((c) => [c.line, c.parentRelationship, c.subplanName, c.nodeType])).toEqual([
      [6, 'InitPlan', 'CTE recent', 'Index Scan'],
      [10, 'InitPlan', 'InitPlan 3 (returns $2)', 'Aggregate'],
      [15, 'InitPlan', 'InitPlan 4 (returns $3)', 'Aggregate'],
      [19, 'Outer', undefined, 'Result'],
    ]);
    expect(root.children[3]!.children.map((c) => [c.parentRelationship, c.subplanName, c.nodeType])).toEqual([
      ['Outer', undefined, 'Sort'],
      ['SubPlan', 'SubPlan 2', 'Aggregate'],
    ]);
  });

  it('builds the same tree from the text and the JSON format of one query', () => {
    expect(shape(analyzeFixture('plans/cte-initplan-subplan.txt').plan)).toEqual(shape(analyzeFixture('plans/cte-initplan-subplan.json').plan));
  });

  it('reads the node type, strategy and partial mode out of aggregate and parallel labels', () => {
    const all = nodes(analyzeFixture('workers-not-launched/positive.txt').plan);
    expect(all.map((n) => [n.nodeType, n.strategy, n.partialMode, n.parallelAware])).toEqual([
      ['Aggregate', 'Sorted', 'Finalize', false],
      ['Gather Merge', undefined, undefined, false],
      ['Sort', undefined, undefined, false],
      ['Aggregate', 'Hashed', 'Partial', false],
      ['Seq Scan', undefined, undefined, true],
    ]);
    expect(all[2]!.sorts).toEqual([
      { method: 'quicksort', spaceType: 'Memory', spaceUsedKb: 25, worker: undefined },
      { method: 'quicksort', spaceType: 'Memory', spaceUsedKb: 25, worker: 0 },
    ]);
  });

  it('keeps VERBOSE per-worker lines out of the node figures', () => {
    const sort = nodes(analyzeFixture('sort-spill/positive-verbose-workers.txt').plan).find((n) => n.nodeType === 'Sort')!;
    expect(sort.buffers).toMatchObject({ sharedHit: 5128, tempRead: 3984, tempWritten: 4024 });
    expect(sort.sorts.map((s) => [s.worker, s.spaceUsedKb])).toEqual([[undefined, 4120], [0, 6312], [1, 5536]]);
  });

  it('reads PostgreSQL 18 fractional row counts', () => {
    const inner = analyzeFixture('plans/pg18-decimal-rows.txt').plan!.children[1]!;
    expect(inner).toMatchObject({ actualRows: 2, actualLoops: 21, line: 9 });
  });

  it('marks a node that never ran', () => {
    const inner = analyzeFixture('never-executed/positive.txt').plan!.children[1]!;
    expect(inner).toMatchObject({ neverExecuted: true, index: 'orders_pkey' });
    expect(inner.actualLoops).toBeUndefined();
  });

  it('names the children of an Append its members', () => {
    const root = analyzeFixture('plans/append-partitions.txt').plan!;
    expect(root.children[0]!.children.map((c) => [c.parentRelationship, c.relation, c.alias])).toEqual([
      ['Member', 'measurements_2024_q1', 'measurements_1'],
      ['Member', 'measurements_2024_q2', 'measurements_2'],
      ['Member', 'measurements_2024_q3', 'measurements_3'],
    ]);
  });

  it('reads a data-modifying node', () => {
    expect(analyzeFixture('plans/insert.txt').plan).toMatchObject({ nodeType: 'ModifyTable', operation: 'Insert', relation: 'countries' });
  });
});

describe('explain JSON parser', () => {
  it('takes each node line from its "Node Type" key, through psql padding and "+" marks', () => {
    const all = nodes(analyzeFixture('nested-loop-many/positive.json').plan);
    expect(all.map((n) => [n.line, n.nodeType])).toEqual([
      [6, 'Nested Loop'],
      [31, 'Nested Loop'],
      [57, 'Seq Scan'],
      [85, 'Index Scan'],
      [117, 'Index Scan'],
    ]);
  });

  it('reads per-worker sort spills from "Workers"', () => {
    const sort = nodes(analyzeFixture('sort-spill/positive-workers.json').plan).find((n) => n.nodeType === 'Sort')!;
    expect(sort.sorts.map((s) => [s.worker, s.spaceType, s.spaceUsedKb])).toEqual([[undefined, 'Disk', 5960], [0, 'Disk', 4104], [1, 'Disk', 5904]]);
  });

  it('reads psql output in the unicode line style ("↵" continuations)', () => {
    expect(analyzeFixture('plans/unicode-linestyle.json').plan).toMatchObject({ line: 6, nodeType: 'Seq Scan', relation: 'countries', actualRows: 1 });
  });
});

describe('explain timing', () => {
  it('charges a parallel node the wall-clock time of one process, not the sum over workers', () => {
    const scan = nodes(analyzeFixture('seq-scan-large-filtered/positive-parallel.txt').plan).find((n) => n.nodeType === 'Seq Scan')!;
    expect(scan.actualLoops).toBe(3);
    expect(scan.inclusiveTimeMs).toBeCloseTo(50.54, 2);
  });

  it('multiplies per-loop time by loops on the inner side of a nested loop', () => {
    const inner = analyzeFixture('nested-loop-many/positive.txt').plan!.children[1]!;
    expect(inner.inclusiveTimeMs).toBeCloseTo(0.003 * 60000, 6);
  });

  it('takes a CTE\'s time out of the CTE Scan that ran it, not out of the node it hangs under', () => {
    const all = nodes(analyzeFixture('plans/cte-initplan-subplan.txt').plan);
    const cteScan = all.find((n) => n.nodeType === 'CTE Scan' && n.line === 17)!;
    expect(cteScan.exclusiveTimeMs).toBeCloseTo(20.344 - 9.874, 3);
  });

  it.each(['plans/cte-initplan-subplan.txt', 'plans/pg17-initplan.txt'])(
    '%s: takes InitPlan time out of the node that used its output ($n or (InitPlan n).colN)',
    (path) => {
      const all = nodes(analyzeFixture(path).plan);
      const outer = all.find((n) => n.nodeType === 'CTE Scan' && n.alias === 'r')!;
      expect(outer.exclusiveTimeMs).toBeCloseTo(89.387 - 25.252 - 58.894, 3);
    },
  );

  it('never gives a node negative exclusive time', () => {
    for (const path of ['plans/cte-initplan-subplan.json', 'sort-spill/positive-workers.json', 'nested-loop-many/positive.json']) {
      for (const n of nodes(analyzeFixture(path).plan)) expect(n.exclusiveTimeMs).toBeGreaterThanOrEqual(0);
    }
  });
});
