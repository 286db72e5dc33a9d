import type { AnalyzerError } from '../finding.ts';
import { MAX_PLAN_DEPTH } from './parse-json.ts';
import { emptyNode, walk, type Buffers, type ParsedPlan, type PlanNode } from './plan.ts';
import type { SourceLine } from './psql.ts';

type Result = { ok: true; plan: ParsedPlan } | { ok: false; error: AnalyzerError };

/*
 * The text format is an indentation tree (src/backend/commands/explain.c): the root starts at column 0,
 * every other node is a "->  " line indented under its parent, and the lines between two node headers are
 * the first node's properties ("Filter: ...", "Buffers: ..."). A subplan is introduced by a label line
 * ("InitPlan 1 (returns $0)", "SubPlan 2", "CTE name") just above its "->" line. After the tree come the
 * summary lines ("Planning Time", "Execution Time", "JIT:", "Trigger ..."), at the root's indentation.
 */
const NODE_STATS = /\((?:cost=|actual |never executed\))/;
const COST = /\(cost=(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?) rows=(\d+(?:\.\d+)?) width=(\d+)\)/;
const ACTUAL = /\(actual (?:time=(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?) )?rows=(\d+(?:\.\d+)?) loops=(\d+)\)/;
const SUBPLAN_LABEL = /^(?:CTE \S.*|InitPlan \d+.*|SubPlan \d+.*)$/;
const WORKER = /^Worker (\d+):\s*(.*)$/;
const SUMMARY = /^(?:Planning Time|Execution Time|Total runtime|Planning|JIT|Triggers?|Trigger .*|Settings|Query Identifier|Serialization):/;
const MULTI_FIELD = /^(?:Sort Method|Buckets|Batches|Planned Partitions|Full-sort Groups|Pre-sorted Groups|Hits):/;
/** One identifier as quote_identifier prints it; unquoted ones never contain a dot, which keeps matching linear. */
const IDENT = String.raw`(?:"(?:[^"]|"")+"|[^\s".]+)`;
const TARGET = new RegExp(String.raw`^(?: Backward)?(?: using (${IDENT}))?(?: on (${IDENT}(?:\.${IDENT})*)(?: (${IDENT}))?)?$`);
const JOIN_TYPES = '(Left|Right|Full|Semi|Anti|Right Semi|Right Anti)';
const HASH_OR_MERGE_JOIN = new RegExp(`^(Hash|Merge)(?: ${JOIN_TYPES})? Join(?= |$)`);
const NESTED_LOOP = new RegExp(`^Nested Loop(?: ${JOIN_TYPES} Join)?(?= |$)`);
const SIMPLE_NODES = [
  'Index Only Scan', 'Index Scan', 'Bitmap Heap Scan', 'Bitmap Index Scan', 'Seq Scan', 'Sample Scan', 'Tid Range Scan', 'Tid Scan',
  'Subquery Scan', 'Function Scan', 'Table Function Scan', 'Values Scan', 'CTE Scan', 'Named Tuplestore Scan', 'WorkTable Scan',
  'Foreign Scan', 'Gather Merge', 'Gather', 'Materialize', 'Memoize', 'Incremental Sort', 'Sort', 'Group', 'WindowAgg', 'Unique',
  'LockRows', 'Limit', 'Hash', 'Merge Append', 'Append', 'Recursive Union', 'BitmapAnd', 'BitmapOr', 'Result', 'ProjectSet',
].sort((a, b) => b.length - a.length);
const ON_INDEX = new Set(['Bitmap Index Scan']);
const ON_CTE = new Set(['CTE Scan', 'WorkTable Scan']);
const ON_FUNCTION = new Set(['Function Scan', 'Table Function Scan']);
const ON_ALIAS = new Set(['Subquery Scan', 'Values Scan', 'Named Tuplestore Scan']);

export function parseTextPlan(lines: readonly SourceLine[], file: string): Result {
  const headers = new Map<number, string>();
  let root: PlanNode | undefined;
  let rootIndent = 0;
  const stack: { node: PlanNode; column: number }[] = [];
  let current: PlanNode | undefined;
  let pendingLabel: { name: string; column: number } | undefined;
  let worker: { number: number; column: number } | undefined;
  let inSummary = false;
  let nextId = 0;
  let planningTimeMs: number | undefined;
  let executionTimeMs: number | undefined;

  for (const { text, line } of lines) {
    const body = text.trim();
    if (body === '') continue;
    const column = text.length - text.trimStart().length;

    if (SUMMARY.test(body) || inSummary || (root && !body.startsWith('->') && column <= rootIndent)) {
      if (!root) continue;
      inSummary = true;
      const time = /^(Planning Time|Execution Time|Total runtime): (\d+(?:\.\d+)?) ms/.exec(body);
      if (time?.[1] === 'Planning Time') planningTimeMs = finite(time[2]);
      else if (time) executionTimeMs = finite(time[2]);
      continue;
    }

    const arrow = /^->\s*(.*)$/.exec(body);
    if (arrow || (!root && isRootHeader(body))) {
      const header = arrow ? arrow[1]! : body;
      const node = parseHeader(header, nextId++, line);
      headers.set(node.id, header);
      current = node;
      worker = undefined;
      if (!root) {
        root = node;
        rootIndent = column;
        stack.push({ node, column: column - 1 });
        continue;
      }
      // A subplan's label sits at its parent's property indentation, which places it better than the arrow.
      const label = pendingLabel && pendingLabel.column < column ? pendingLabel : undefined;
      const parentColumn = label?.column ?? column;
      while (stack.length > 1 && stack[stack.length - 1]!.column >= parentColumn) stack.pop();
      const parent = stack[stack.length - 1]!.node;
      if (label) {
        node.subplanName = label.name;
        node.parentRelationship = label.name.startsWith('SubPlan') ? 'SubPlan' : 'InitPlan';
      } else {
        node.parentRelationship = relationship(parent);
      }
      pendingLabel = undefined;
      if (stack.length > MAX_PLAN_DEPTH) return { ok: false, error: { code: 'unsupported-input', message: `the plan is nested deeper than ${MAX_PLAN_DEPTH} levels`, file, line } };
      parent.children.push(node);
      stack.push({ node, column });
      continue;
    }
    if (!root || !current) continue;

    if (SUBPLAN_LABEL.test(body)) {
      pendingLabel = { name: body, column };
      continue;
    }
    const workerLine = WORKER.exec(body);
    if (workerLine) {
      worker = { number: Math.min(Number(workerLine[1]), Number.MAX_SAFE_INTEGER), column };
      if (workerLine[2]) applyProperty(current, workerLine[2], worker.number);
      continue;
    }
    if (worker && column <= worker.column) worker = undefined;
    applyProperty(current, body, worker?.number);
  }

  if (!root) return { ok: false, error: { code: 'unsupported-input', message: 'no plan node found: expected EXPLAIN output (text, or JSON from FORMAT JSON)', file } };
  const nodes = [...walk(root)].map((w) => w.node);
  return {
    ok: true,
    plan: {
      root,
      analyzed: executionTimeMs !== undefined || nodes.some((n) => n.actualLoops !== undefined || n.neverExecuted),
      timed: nodes.some((n) => n.actualTotalTime !== undefined),
      planningTimeMs,
      executionTimeMs,
      headers,
    },
  };
}

/** The root has no "->": recognise it by its statistics, or (COSTS OFF) by a known node name. */
function isRootHeader(body: string): boolean {
  if (NODE_STATS.test(body)) return true;
  const label = body.replace(/^(?:Parallel |Async )+/, '');
  const name = nodeName(label);
  return name !== undefined && TARGET.test(label.slice(name.length));
}

/** Relationship of an unlabeled child, numbered the way the JSON format's "Parent Relationship" is. */
function relationship(parent: PlanNode): string {
  if (['Append', 'Merge Append', 'BitmapAnd', 'BitmapOr'].includes(parent.nodeType)) return 'Member';
  if (parent.nodeType === 'Subquery Scan') return 'Subquery';
  const earlier = parent.children.filter((c) => c.parentRelationship === 'Outer' || c.parentRelationship === 'Inner').length;
  return earlier === 0 ? 'Outer' : 'Inner';
}

function parseHeader(header: string, id: number, line: number): PlanNode {
  const statsAt = header.search(NODE_STATS);
  const label = (statsAt >= 0 ? header.slice(0, statsAt) : header).trim();
  const node = emptyNode(id, line, label, label);
  describeLabel(node, label);

  const cost = COST.exec(header);
  if (cost) {
    node.startupCost = finite(cost[1]);
    node.totalCost = finite(cost[2]);
    node.planRows = finite(cost[3]);
    node.planWidth = finite(cost[4]);
  }
  const actual = ACTUAL.exec(header);
  if (actual) {
    node.actualStartupTime = finite(actual[1]);
    node.actualTotalTime = finite(actual[2]);
    node.actualRows = finite(actual[3]);
    node.actualLoops = finite(actual[4]);
  } else if (header.includes('(never executed)')) {
    node.neverExecuted = true;
  }
  return node;
}

/** Splits "Parallel Index Scan Backward using orders_pkey on public.orders o" into its fields. */
function describeLabel(node: PlanNode, label: string): void {
  let rest = label;
  for (let prefix = /^(Parallel|Async) /.exec(rest); prefix; prefix = /^(Parallel|Async) /.exec(rest)) {
    if (prefix[1] === 'Parallel') node.parallelAware = true;
    rest = rest.slice(prefix[0].length);
  }
  const name = nodeName(rest);
  if (!name) {
    const on = rest.indexOf(' on ');
    node.nodeType = on < 0 ? rest : rest.slice(0, on);
    return;
  }
  Object.assign(node, name.fields);
  const target = TARGET.exec(rest.slice(name.length));
  if (!target) return;
  const [, index, qualifiedName, alias] = target;
  if (index) node.index = unquote(index);
  if (!qualifiedName) return;
  const parts = splitQualified(qualifiedName);
  const object = parts[parts.length - 1]!;
  if (ON_INDEX.has(node.nodeType)) node.index = object;
  else if (ON_CTE.has(node.nodeType)) node.cteName = object;
  else if (ON_FUNCTION.has(node.nodeType)) node.functionName = object;
  else if (!ON_ALIAS.has(node.nodeType)) {
    node.relation = object;
    if (parts.length > 1) node.schema = parts[0];
  }
  node.alias = alias ? unquote(alias) : object;
}

type NodeName = { length: number; fields: Partial<PlanNode> & { nodeType: string } };

function nodeName(text: string): NodeName | undefined {
  let m = HASH_OR_MERGE_JOIN.exec(text);
  if (m) return { length: m[0].length, fields: { nodeType: `${m[1]} Join`, joinType: m[2] ?? 'Inner' } };
  m = NESTED_LOOP.exec(text);
  if (m) return { length: m[0].length, fields: { nodeType: 'Nested Loop', joinType: m[1] ?? 'Inner' } };
  m = /^(?:(Partial|Finalize) )?(Hash|Group|Mixed)?Aggregate(?= |$)/.exec(text);
  if (m) {
    const strategy = { Hash: 'Hashed', Group: 'Sorted', Mixed: 'Mixed' }[m[2] ?? ''] ?? 'Plain';
    return { length: m[0].length, fields: { nodeType: 'Aggregate', strategy, partialMode: m[1] ?? 'Simple' } };
  }
  m = /^(Hash)?SetOp (?:Intersect All|Intersect|Except All|Except)(?= |$)/.exec(text);
  if (m) return { length: m[0].length, fields: { nodeType: 'SetOp', strategy: m[1] ? 'Hashed' : 'Sorted' } };
  m = /^(Insert|Update|Delete|Merge)(?= on )/.exec(text);
  if (m) return { length: m[0].length, fields: { nodeType: 'ModifyTable', operation: m[1] } };
  m = /^(?:Foreign (Insert|Update|Delete)|Custom Scan \([^)]*\))(?= |$)/.exec(text);
  if (m) return { length: m[0].length, fields: { nodeType: m[1] ? 'Foreign Scan' : 'Custom Scan', operation: m[1] } };
  const simple = SIMPLE_NODES.find((n) => text === n || text.startsWith(`${n} `));
  return simple ? { length: simple.length, fields: { nodeType: simple } } : undefined;
}

function splitQualified(name: string): string[] {
  return (name.match(new RegExp(IDENT, 'g')) ?? [name]).map(unquote);
}

function unquote(identifier: string): string {
  return identifier.startsWith('"') && identifier.endsWith('"') && identifier.length > 1 ? identifier.slice(1, -1).replace(/""/g, '"') : identifier;
}

/** One property line; `worker` is set for lines that belong to one parallel worker. */
function applyProperty(node: PlanNode, body: string, worker: number | undefined): void {
  const fields = MULTI_FIELD.test(body) ? body.split(/\s{2,}/).map(splitField) : [splitField(body)];
  const [key, value] = fields[0]!;
  const field = (name: string): string | undefined => fields.find(([k]) => k === name)?.[1];

  if (key === 'Sort Method' || key === 'Full-sort Groups' || key === 'Pre-sorted Groups') {
    const method = key === 'Sort Method' ? value : (field('Sort Method') ?? field('Sort Methods') ?? 'incremental');
    const disk = field('Disk') ?? field('Peak Disk');
    const memory = field('Memory') ?? field('Peak Memory');
    const spaceType = disk !== undefined ? 'Disk' : memory !== undefined ? 'Memory' : undefined;
    node.sorts.push({ method, spaceType, spaceUsedKb: kilobytes(disk ?? memory), worker });
    return;
  }
  if (key === 'Buckets' && worker === undefined) {
    node.hashBuckets = integer(value);
    const batches = field('Batches');
    node.hashBatches = integer(batches);
    node.originalHashBatches = integer(/originally (\d+)/.exec(batches ?? '')?.[1]) ?? node.hashBatches;
    node.peakMemoryKb = kilobytes(field('Memory Usage'));
    return;
  }
  if (key === 'Batches' || key === 'Planned Partitions') {
    if (worker === undefined) node.plannedPartitions = integer(field('Planned Partitions')) ?? node.plannedPartitions;
    const batches = integer(field('Batches'));
    if (batches !== undefined) node.hashAggBatches = Math.max(node.hashAggBatches ?? 0, batches);
    const disk = kilobytes(field('Disk Usage'));
    if (disk !== undefined) node.diskUsageKb = Math.max(node.diskUsageKb ?? 0, disk);
    if (worker === undefined) node.peakMemoryKb = kilobytes(field('Memory Usage')) ?? node.peakMemoryKb;
    return;
  }
  if (worker !== undefined) return;
  switch (key) {
    case 'Filter': node.filter = value; break;
    case 'One-Time Filter': node.oneTimeFilter = value; break;
    case 'Output': node.output = value; break;
    case 'Join Filter': node.joinFilter = value; break;
    case 'Index Cond': node.indexCond = value; break;
    case 'Recheck Cond': node.recheckCond = value; break;
    case 'Hash Cond': node.hashCond = value; break;
    case 'Merge Cond': node.mergeCond = value; break;
    case 'Sort Key': node.sortKey = value; break;
    case 'Rows Removed by Filter': node.rowsRemovedByFilter = number(value); break;
    case 'Rows Removed by Join Filter': node.rowsRemovedByJoinFilter = number(value); break;
    case 'Rows Removed by Index Recheck': node.rowsRemovedByIndexRecheck = number(value); break;
    case 'Heap Fetches': node.heapFetches = number(value); break;
    case 'Heap Blocks':
      node.exactHeapBlocks = integer(/exact=(\d+)/.exec(value)?.[1]) ?? 0;
      node.lossyHeapBlocks = integer(/lossy=(\d+)/.exec(value)?.[1]) ?? 0;
      break;
    case 'Workers Planned': node.workersPlanned = integer(value); break;
    case 'Workers Launched': node.workersLaunched = integer(value); break;
    case 'Buffers': node.buffers = parseBuffers(value); break;
  }
}

function splitField(text: string): [string, string] {
  const colon = text.indexOf(': ');
  return colon < 0 ? [text.replace(/:$/, ''), ''] : [text.slice(0, colon), text.slice(colon + 2).trim()];
}

/** "shared hit=4292 read=3, temp read=6178 written=6704" (zero counters are left out by PostgreSQL). */
function parseBuffers(value: string): Buffers {
  const section = (name: string): string => new RegExp(`\\b${name}((?: \\w+=\\d+)+)`).exec(value)?.[1] ?? '';
  const counter = (text: string, name: string): number => integer(new RegExp(`\\b${name}=(\\d+)`).exec(text)?.[1]) ?? 0;
  const shared = section('shared');
  const local = section('local');
  const temp = section('temp');
  return {
    sharedHit: counter(shared, 'hit'),
    sharedRead: counter(shared, 'read'),
    sharedDirtied: counter(shared, 'dirtied'),
    sharedWritten: counter(shared, 'written'),
    localHit: counter(local, 'hit'),
    localRead: counter(local, 'read'),
    tempRead: counter(temp, 'read'),
    tempWritten: counter(temp, 'written'),
  };
}

/** A number as EXPLAIN prints it; absurdly long digit runs (which would be Infinity) count as missing. */
function finite(text: string | undefined): number | undefined {
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function number(value: string | undefined): number | undefined {
  return finite(/^\d+(?:\.\d+)?/.exec(value?.trim() ?? '')?.[0]);
}

function integer(value: string | undefined): number | undefined {
  return finite(/^\d+/.exec(value?.trim() ?? '')?.[0]);
}

function kilobytes(value: string | undefined): number | undefined {
  return integer(value?.replace(/kB$/, ''));
}
