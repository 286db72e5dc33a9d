import type { Finding } from '../finding.ts';
import { filterColumns } from './filter-columns.ts';
import { qualified, repeats, walk, type ParsedPlan, type PlanNode } from './plan.ts';
import { count, ms, sqlIdent } from './render.ts';
import { ruleSeverity, type ExplainRuleId } from './rules.ts';

/** A filter is selective when it removes at least this many rows for every row it keeps. */
const SELECTIVE_RATIO = 10;
const MISESTIMATE_FACTOR = 10;
/** Below this many rows (estimated or actual, all loops) a wrong estimate cannot change the plan much. */
const MISESTIMATE_MIN_ROWS = 1_000;
const NESTED_LOOP_MIN_LOOPS = 1_000;
/** "Significant time" for a nested loop's inner side: both a share of the query and an absolute floor. */
const NESTED_LOOP_MIN_SHARE = 0.1;
const NESTED_LOOP_MIN_MS = 10;
const HEAP_FETCH_MIN = 1_000;
const HEAP_FETCH_SHARE = 0.1;
const LOSSY_SHARE = 0.1;
const LOSSY_RECHECK_MIN_ROWS = 1_000;
const EVIDENCE_CHARS = 300;

export interface CheckOptions {
  file: string;
  largeRelationRows: number;
}

interface Context extends CheckOptions {
  plan: ParsedPlan;
  /** The query's wall-clock time, the denominator of every share. */
  totalMs: number;
  misestimates: Map<number, Misestimate>;
}

interface Misestimate {
  factor: number;
  under: boolean;
}

type Check = (node: PlanNode, ancestors: readonly PlanNode[], ctx: Context) => Finding | undefined;

export function runChecks(plan: ParsedPlan, options: CheckOptions): Finding[] {
  const misestimates = new Map<number, Misestimate>();
  if (plan.analyzed) for (const { node, ancestors } of walk(plan.root)) {
    const m = misestimate(node, ancestors);
    if (m) misestimates.set(node.id, m);
  }
  const ctx: Context = { ...options, plan, totalMs: plan.executionTimeMs ?? plan.root.inclusiveTimeMs ?? 0, misestimates };
  const checks: Check[] = plan.analyzed
    ? [seqScanLargeFiltered, indexScanFiltered, rowMisestimate, sortSpill, hashSpill, nestedLoopMany, workersNotLaunched, heapFetchesHigh, bitmapLossy, neverExecuted]
    : [hashSpill];
  const findings: Finding[] = [];
  for (const { node, ancestors } of walk(plan.root)) {
    for (const check of checks) {
      const finding = check(node, ancestors, ctx);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

function finding(ctx: Context, rule: ExplainRuleId, node: PlanNode, message: string, fix: string): Finding {
  const evidence = ctx.plan.headers.get(node.id) ?? node.label;
  return {
    rule,
    severity: ruleSeverity(rule),
    file: ctx.file,
    line: node.line,
    message,
    fix,
    evidence: evidence.length > EVIDENCE_CHARS ? `${evidence.slice(0, EVIDENCE_CHARS - 1)}…` : evidence,
    category: 'plan',
  };
}

function executed(node: PlanNode): node is PlanNode & { actualLoops: number } {
  return !node.neverExecuted && (node.actualLoops ?? 0) > 0;
}

/** " (73.9 ms, 99% of the query)" when per-node times are known. */
function timeShare(node: PlanNode, ctx: Context, which: 'inclusive' | 'exclusive' = 'exclusive'): string {
  const time = which === 'inclusive' ? node.inclusiveTimeMs : node.exclusiveTimeMs;
  if (time === undefined || ctx.totalMs <= 0) return '';
  return ` (${ms(time)}, ${Math.round((100 * time) / ctx.totalMs)}% of the query)`;
}

/** " over 60,000 loops" when a parent restarted the node (parallel workers do not count as loops here). */
function loopsNote(node: PlanNode, ancestors: readonly PlanNode[]): string {
  const r = repeats(node, ancestors);
  return r > 1 ? ` over ${count(r)} loops` : '';
}

/** Rows kept and removed by a node's Filter, all loops together. */
function filtered(node: PlanNode & { actualLoops: number }): { kept: number; removed: number } {
  return { kept: (node.actualRows ?? 0) * node.actualLoops, removed: (node.rowsRemovedByFilter ?? 0) * node.actualLoops };
}

function isSelectiveOnLargeInput(node: PlanNode & { actualLoops: number }, ctx: Context): boolean {
  const { kept, removed } = filtered(node);
  return kept + removed >= ctx.largeRelationRows && removed >= SELECTIVE_RATIO * kept;
}

function indexAdvice(node: PlanNode, condition: string): string {
  const owners = [node.relation, node.alias].filter((o): o is string => o !== undefined);
  const { columns, functions, hasOr } = filterColumns(condition, owners);
  const table = qualified(node) || 'the table';
  const list = columns.slice(0, 3).map(sqlIdent).join(', ');
  let advice = list
    ? `Add an index that matches the condition, e.g. CREATE INDEX CONCURRENTLY ON ${table} (${list}); equality columns first, then range columns.`
    : `Add an index that matches the condition on ${table}.`;
  if (functions.length > 0) advice += ` The condition applies ${functions.map((f) => `${f}()`).join(', ')}: index that expression, e.g. ON ${table} (${functions[0]}(${sqlIdent(columns[0] ?? 'column')})), or compare the bare column.`;
  if (hasOr) advice += ' It contains OR: separate indexes per branch (combined by a BitmapOr) or a UNION usually work better than one composite index.';
  return advice;
}

const seqScanLargeFiltered: Check = (node, ancestors, ctx) => {
  if (node.nodeType !== 'Seq Scan' || !node.filter || !executed(node) || !isSelectiveOnLargeInput(node, ctx)) return undefined;
  const { kept, removed } = filtered(node);
  const percent = ((100 * removed) / (kept + removed)).toFixed(1);
  const r = repeats(node, ancestors);
  const loops = r > 1 ? ` It runs once per outer row (${count(r)} loops): an index turns each loop into a lookup.` : '';
  return finding(
    ctx,
    'seq-scan-large-filtered',
    node,
    `${node.label} reads ${count(kept + removed)} rows${loopsNote(node, ancestors)} to return ${count(kept)}: the filter removes ${percent}%${timeShare(node, ctx)}. Filter: ${node.filter}`,
    `${indexAdvice(node, node.filter)}${loops} Then run EXPLAIN ANALYZE again to confirm the planner uses it.`,
  );
};

const indexScanFiltered: Check = (node, ancestors, ctx) => {
  if (!['Index Scan', 'Index Only Scan', 'Bitmap Heap Scan'].includes(node.nodeType) || !node.filter || !executed(node) || !isSelectiveOnLargeInput(node, ctx)) return undefined;
  const { kept, removed } = filtered(node);
  const cond = node.indexCond ?? node.recheckCond;
  return finding(
    ctx,
    'index-scan-filtered',
    node,
    `${node.label} fetches ${count(kept + removed)} rows${loopsNote(node, ancestors)} through the index and then discards ${count(removed)} of them with a filter${timeShare(node, ctx)}. Filter: ${node.filter}`,
    `The index narrows the scan only by ${cond ?? 'its condition'}. ${indexAdvice(node, cond ? `${cond} AND ${node.filter}` : node.filter)}`,
  );
};

/** Node types whose row counts are not comparable to an estimate (always 0, or copied from a child). */
const NO_ROW_ESTIMATE = new Set(['ModifyTable', 'BitmapAnd', 'BitmapOr', 'Hash', 'Materialize', 'Memoize', 'Sort', 'Incremental Sort', 'Gather', 'Gather Merge', 'Limit', 'Result', 'Unique', 'LockRows']);

function misestimate(node: PlanNode, ancestors: readonly PlanNode[]): Misestimate | undefined {
  if (!executed(node) || node.planRows === undefined || node.actualRows === undefined || NO_ROW_ESTIMATE.has(node.nodeType)) return undefined;
  const estimated = Math.max(node.planRows, 1);
  const actual = Math.max(node.actualRows, 1);
  const factor = Math.max(estimated, actual) / Math.min(estimated, actual);
  if (factor < MISESTIMATE_FACTOR || Math.max(node.planRows, node.actualRows) * node.actualLoops < MISESTIMATE_MIN_ROWS) return undefined;
  const under = actual > estimated;
  if (!under && mayStopEarly(node, ancestors)) return undefined;
  return { factor, under };
}

/** Fewer rows than estimated is expected where the consumer stops reading early. */
function mayStopEarly(node: PlanNode, ancestors: readonly PlanNode[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i]!;
    const child = ancestors[i + 1] ?? node;
    if (ancestor.nodeType === 'Limit' || ancestor.nodeType === 'Merge Join') return true;
    if ((ancestor.joinType === 'Semi' || ancestor.joinType === 'Anti') && child.parentRelationship === 'Inner') return true;
    if (child.parentRelationship === 'SubPlan' || child.parentRelationship === 'InitPlan') return true;
  }
  return false;
}

/** Whether a child (looking through nodes that only pass rows on, such as Hash or Sort) is off in the same direction. */
function inheritsMisestimate(node: PlanNode, m: Misestimate, ctx: Context): boolean {
  return node.children.some(
    (child) =>
      child.parentRelationship !== 'SubPlan' &&
      child.parentRelationship !== 'InitPlan' &&
      (ctx.misestimates.get(child.id)?.under === m.under || (NO_ROW_ESTIMATE.has(child.nodeType) && inheritsMisestimate(child, m, ctx))),
  );
}

const rowMisestimate: Check = (node, ancestors, ctx) => {
  const m = ctx.misestimates.get(node.id);
  if (!m || !executed(node)) return undefined;
  // Report where the error starts: a parent inherits its child's mistake.
  if (inheritsMisestimate(node, m, ctx)) return undefined;
  const perLoop = node.actualLoops > 1 ? ' per loop' : '';
  const columns = [node.filter, node.indexCond, node.recheckCond, node.hashCond, node.mergeCond, node.joinFilter]
    .filter((c): c is string => c !== undefined)
    .flatMap((c) => filterColumns(c, [node.relation, node.alias].filter((o): o is string => o !== undefined)).columns);
  const unique = [...new Set(columns)].slice(0, 3);
  // A Bitmap Index Scan names only its index; the table is on the Bitmap Heap Scan above it.
  const tableNode = node.relation ? node : ([...ancestors].reverse().find((a) => a.nodeType === 'Bitmap Heap Scan') ?? node);
  const table = qualified(tableNode);
  const conditions = [node.filter, node.indexCond, node.recheckCond, node.joinFilter].join(' ');
  const generic = /\$\d/.test(conditions)
    ? ' The condition compares with parameters ($1 ...): a generic plan is estimated without their values; for a prepared statement try plan_cache_mode = force_custom_plan.'
    : '';
  const stats =
    table && unique.length >= 2
      ? ` If ${unique.join(', ')} are correlated, add extended statistics: CREATE STATISTICS ${statisticsName(tableNode, unique)} ON ${unique.map(sqlIdent).join(', ')} FROM ${table}; then ANALYZE ${table}.`
      : ' For correlated columns add extended statistics (CREATE STATISTICS ... ON a, b FROM t); for skewed ones raise ALTER TABLE ... ALTER COLUMN ... SET STATISTICS.';
  return finding(
    ctx,
    'row-misestimate',
    node,
    `${node.label}: the planner estimated ${count(node.planRows!)} rows${perLoop} but got ${count(node.actualRows!)} (${count(m.factor)}x ${m.under ? 'more' : 'fewer'}); plans above it were chosen for the wrong row count.`,
    `${table ? `Run ANALYZE ${table} (statistics may be stale; autovacuum_analyze_scale_factor can be lowered for fast-changing tables).` : 'Run ANALYZE on the tables below this node.'}${stats}${generic}`,
  );
};

/** A name for CREATE STATISTICS, which requires one before PostgreSQL 16: "payments_method_paid_at_stats". */
function statisticsName(node: PlanNode, columns: readonly string[]): string {
  const name = [node.relation ?? 'table', ...columns, 'stats'].join('_').toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  return sqlIdent(name.slice(0, 63));
}

const sortSpill: Check = (node, _ancestors, ctx) => {
  const spills = node.sorts.filter((s) => s.spaceType === 'Disk' || s.method.includes('external'));
  if (spills.length === 0) return undefined;
  const diskKb = Math.max(...spills.map((s) => s.spaceUsedKb ?? 0));
  const workers = spills.filter((s) => s.worker !== undefined).length;
  const first = spills[0]!;
  const suggestion = diskKb > 0 ? ` e.g. SET LOCAL work_mem = '${Math.max(4, 2 ** Math.ceil(Math.log2((3 * diskKb) / 1024)))}MB' in the transaction (a sort needs more memory than the ${count(diskKb)} kB it wrote to disk)` : '';
  return finding(
    ctx,
    'sort-spill',
    node,
    `${node.label} spilled to disk: ${first.method}${diskKb > 0 ? `, ${count(diskKb)} kB on disk` : ''}${workers > 0 ? ` (in ${workers} parallel worker${workers > 1 ? 's' : ''} too)` : ''}${timeShare(node, ctx)}.`,
    `Give this query more sort memory:${suggestion || ' raise work_mem for this query (SET LOCAL work_mem)'}; or sort fewer and narrower rows (filter first, select only needed columns); or an index in the order of the sort key${node.sortKey ? ` (${node.sortKey})` : ''} lets PostgreSQL skip the sort.`,
  );
};

const hashSpill: Check = (node, ancestors, ctx) => {
  if (node.nodeType === 'Hash' && (node.hashBatches ?? 1) > 1) {
    const join = ancestors[ancestors.length - 1];
    const grew = (node.originalHashBatches ?? node.hashBatches!) < node.hashBatches! ? ` (the planner expected ${node.originalHashBatches}: the build side was larger than estimated)` : '';
    return finding(
      ctx,
      'hash-spill',
      node,
      `${node.label} for ${join ? join.label : 'a hash join'} was split into ${node.hashBatches} batches${grew}; batches beyond the first go through temporary files${timeShare(node, ctx, 'inclusive')}.`,
      `Raise the hash memory for this query (SET LOCAL work_mem, or hash_mem_multiplier) until Batches is 1${node.peakMemoryKb ? ` (peak ${count(node.peakMemoryKb)} kB per batch, so the whole table needs roughly ${count(node.peakMemoryKb * node.hashBatches!)} kB)` : ''}; or make the hashed (inner) side smaller: filter it earlier, select fewer columns, or fix its row estimate so the planner hashes the smaller input.`,
    );
  }
  if (node.nodeType !== 'Aggregate') return undefined;
  if ((node.hashAggBatches ?? 1) > 1 || (node.diskUsageKb ?? 0) > 0) {
    return finding(
      ctx,
      'hash-spill',
      node,
      `${node.label} spilled to disk: ${node.hashAggBatches ?? '?'} batches${node.diskUsageKb ? `, ${count(node.diskUsageKb)} kB written` : ''}${timeShare(node, ctx)}.`,
      'Raise the hash memory for this query (SET LOCAL work_mem, or hash_mem_multiplier); or aggregate fewer groups or narrower rows (filter before grouping).',
    );
  }
  if (!ctx.plan.analyzed && (node.plannedPartitions ?? 0) > 0) {
    return finding(
      ctx,
      'hash-spill',
      node,
      `${node.label}: the planner expects the hash table not to fit in memory and plans ${node.plannedPartitions} partitions spilled to disk (estimate; run EXPLAIN ANALYZE to confirm).`,
      'Raise the hash memory for this query (SET LOCAL work_mem, or hash_mem_multiplier), or group fewer rows or narrower rows.',
    );
  }
  return undefined;
};

const nestedLoopMany: Check = (node, _ancestors, ctx) => {
  if (node.nodeType !== 'Nested Loop' || !ctx.plan.timed || !executed(node)) return undefined;
  const joinChildren = node.children.filter((c) => c.parentRelationship === 'Outer' || c.parentRelationship === 'Inner');
  const outer = joinChildren[0];
  const inner = joinChildren[1];
  if (!outer || !inner || (inner.actualLoops ?? 0) < NESTED_LOOP_MIN_LOOPS) return undefined;
  const innerMs = inner.inclusiveTimeMs ?? 0;
  if (innerMs < NESTED_LOOP_MIN_MS || innerMs < NESTED_LOOP_MIN_SHARE * ctx.totalMs) return undefined;
  const outerRows = (outer.actualRows ?? 0) * (outer.actualLoops ?? 1);
  const outerEstimate = (outer.planRows ?? 0) * Math.max(outer.actualLoops ?? 1, 1);
  const misestimated = outerEstimate > 0 && outerRows >= MISESTIMATE_FACTOR * outerEstimate;
  const fix = misestimated
    ? `The planner expected about ${count(outerEstimate)} outer rows and got ${count(outerRows)}: fix that estimate (ANALYZE ${qualified(outer) || 'the outer tables'}, extended statistics for correlated filter columns) so it can choose a hash or merge join.`
    : inner.nodeType === 'Seq Scan'
      ? `Each loop scans ${qualified(inner) || inner.label} in full: index its join column so each loop becomes an index lookup, or let the planner hash it.`
      : 'Make each inner lookup cheaper (an index that covers the join key and the selected columns), or reduce the outer rows before the join; with correct estimates the planner switches to a hash join when that is cheaper.';
  return finding(
    ctx,
    'nested-loop-many',
    node,
    `${node.label} runs its inner side, ${inner.label}, ${count(inner.actualLoops!)} times (once per outer row): ${ms(innerMs)}, ${Math.round((100 * innerMs) / Math.max(ctx.totalMs, innerMs))}% of the query.`,
    fix,
  );
};

const workersNotLaunched: Check = (node, _ancestors, ctx) => {
  if (node.workersPlanned === undefined || node.workersLaunched === undefined || node.workersLaunched >= node.workersPlanned) return undefined;
  return finding(
    ctx,
    'workers-not-launched',
    node,
    `${node.label} planned ${node.workersPlanned} parallel workers but launched ${node.workersLaunched}: the plan was costed for ${node.workersPlanned + 1} processes and ran with ${node.workersLaunched + 1}.`,
    'The worker pool was exhausted when the query ran. If this happens under normal load, raise max_parallel_workers (and max_worker_processes, which needs a restart) to match the concurrency, or lower max_parallel_workers_per_gather so plans expect what they will get.',
  );
};

const heapFetchesHigh: Check = (node, _ancestors, ctx) => {
  if (node.nodeType !== 'Index Only Scan' || node.heapFetches === undefined || !executed(node)) return undefined;
  const rows = (node.actualRows ?? 0) * node.actualLoops;
  if (node.heapFetches < HEAP_FETCH_MIN || node.heapFetches < HEAP_FETCH_SHARE * rows) return undefined;
  const table = qualified(node) || 'the table';
  return finding(
    ctx,
    'heap-fetches-high',
    node,
    `${node.label} visited the heap ${count(node.heapFetches)} times for ${count(rows)} rows: pages not marked all-visible turn the index-only scan into an ordinary index scan${timeShare(node, ctx)}.`,
    `VACUUM (ANALYZE) ${table} to update its visibility map, and make autovacuum keep up with it (for insert-mostly tables lower autovacuum_vacuum_insert_scale_factor, PostgreSQL 13+).`,
  );
};

const bitmapLossy: Check = (node, _ancestors, ctx) => {
  if (node.nodeType !== 'Bitmap Heap Scan' || !node.lossyHeapBlocks || !executed(node)) return undefined;
  const blocks = node.lossyHeapBlocks + (node.exactHeapBlocks ?? 0);
  const rechecked = (node.rowsRemovedByIndexRecheck ?? 0) * node.actualLoops;
  if (node.lossyHeapBlocks < LOSSY_SHARE * blocks && rechecked < LOSSY_RECHECK_MIN_ROWS) return undefined;
  return finding(
    ctx,
    'bitmap-lossy',
    node,
    `${node.label}: ${count(node.lossyHeapBlocks)} of ${count(blocks)} heap blocks were lossy, so every row on them was rechecked${rechecked > 0 ? ` (${count(rechecked)} removed by the recheck)` : ''}${timeShare(node, ctx)}.`,
    'The bitmap did not fit in work_mem and degraded to whole pages: raise work_mem for this query (SET LOCAL work_mem), or make the index condition more selective.',
  );
};

const neverExecuted: Check = (node, ancestors, ctx) => {
  if (!node.neverExecuted || ancestors[ancestors.length - 1]?.neverExecuted) return undefined;
  const below = [...walk(node)].length - 1;
  return finding(
    ctx,
    'never-executed',
    node,
    `${node.label}${below > 0 ? ` and the ${below} node${below > 1 ? 's' : ''} below it` : ''} never ran. That is often fine (the other side of the join was empty, a partition was pruned at run time, a branch was not needed), but its cost was not measured: with other parameters it runs and may dominate.`,
    'If the empty result was expected, nothing to do. Otherwise check the condition that emptied the other side, and rerun EXPLAIN ANALYZE with parameter values that make this part run to see its real cost.',
  );
};
