import type { AnalyzerError } from '../finding.ts';
import { emptyNode, type Buffers, type ParsedPlan, type PlanNode, type SortRun } from './plan.ts';
import type { SourceLine } from './psql.ts';
import { renderHeader } from './render.ts';

/** Deeper than any real plan; stops hostile input from recursing without bound. */
export const MAX_PLAN_DEPTH = 1000;

type Json = Record<string, unknown>;
type Result = { ok: true; plan: ParsedPlan } | { ok: false; error: AnalyzerError };

/**
 * EXPLAIN (FORMAT JSON): `[{"Plan": {...}, "Planning Time": .., "Execution Time": ..}]`, also accepted
 * without the array, as auto_explain's `{"Query Text": .., "Plan": {...}}`, or as a bare node object.
 */
export function parseJsonPlan(lines: readonly SourceLine[], file: string): Result {
  const text = lines.map((l) => l.text).join('\n');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const index = at ? text.slice(0, Number(at[1])).split('\n').length - 1 : 0;
    return { ok: false, error: { code: 'parse-error', message: `the plan looks like JSON but does not parse: ${message}`, file, line: lines[index]?.line ?? 1 } };
  }
  const top = (Array.isArray(value) ? value : [value]).find((item): item is Json => isObject(item) && (isObject(item.Plan) || typeof item['Node Type'] === 'string'));
  if (!top) return { ok: false, error: { code: 'unsupported-input', message: 'JSON without a "Plan" object: expected the output of EXPLAIN (FORMAT JSON)', file } };
  const rootJson = isObject(top.Plan) ? top.Plan : top;

  const nodeLines = nodeTypeLines(text, lines);
  const headers = new Map<number, string>();
  let nextId = 0;
  let analyzed = typeof top['Execution Time'] === 'number' || typeof top['Total Runtime'] === 'number';
  let timed = false;
  let tooDeep = false;

  const convert = (json: Json, depth: number): PlanNode => {
    const id = nextId++;
    const node = toNode(json, id, nodeLines[id] ?? 1);
    analyzed ||= node.actualLoops !== undefined;
    timed ||= node.actualTotalTime !== undefined;
    headers.set(id, renderHeader(node));
    const children = Array.isArray(json.Plans) ? json.Plans.filter(isObject) : [];
    if (depth >= MAX_PLAN_DEPTH) tooDeep ||= children.length > 0;
    else node.children = children.map((child) => convert(child, depth + 1));
    return node;
  };
  const root = convert(rootJson, 0);
  if (tooDeep) return { ok: false, error: { code: 'unsupported-input', message: `the plan is nested deeper than ${MAX_PLAN_DEPTH} levels`, file } };
  return {
    ok: true,
    plan: {
      root,
      analyzed,
      timed,
      planningTimeMs: num(top['Planning Time']),
      executionTimeMs: num(top['Execution Time']) ?? num(top['Total Runtime']),
      headers,
    },
  };
}

function toNode(json: Json, id: number, line: number): PlanNode {
  const nodeType = str(json['Node Type']) ?? 'Unknown';
  const node = emptyNode(id, line, nodeType, nodeType);
  node.parallelAware = json['Parallel Aware'] === true;
  node.parentRelationship = str(json['Parent Relationship']);
  node.subplanName = str(json['Subplan Name']);
  node.joinType = str(json['Join Type']);
  node.strategy = str(json.Strategy);
  node.partialMode = str(json['Partial Mode']);
  node.operation = str(json.Operation);
  node.relation = str(json['Relation Name']);
  node.schema = str(json.Schema);
  node.alias = str(json.Alias);
  node.index = str(json['Index Name']);
  node.cteName = str(json['CTE Name']);
  node.functionName = str(json['Function Name']);
  node.startupCost = num(json['Startup Cost']);
  node.totalCost = num(json['Total Cost']);
  node.planRows = num(json['Plan Rows']);
  node.planWidth = num(json['Plan Width']);
  node.actualStartupTime = num(json['Actual Startup Time']);
  node.actualTotalTime = num(json['Actual Total Time']);
  node.actualRows = num(json['Actual Rows']);
  node.actualLoops = num(json['Actual Loops']);
  node.neverExecuted = node.actualLoops === 0;
  node.filter = str(json.Filter);
  node.oneTimeFilter = str(json['One-Time Filter']);
  node.output = Array.isArray(json.Output) ? json.Output.filter((o) => typeof o === 'string').join(', ') : undefined;
  node.joinFilter = str(json['Join Filter']);
  node.indexCond = str(json['Index Cond']);
  node.recheckCond = str(json['Recheck Cond']);
  node.hashCond = str(json['Hash Cond']);
  node.mergeCond = str(json['Merge Cond']);
  node.sortKey = Array.isArray(json['Sort Key']) ? json['Sort Key'].filter((k) => typeof k === 'string').join(', ') : undefined;
  node.rowsRemovedByFilter = num(json['Rows Removed by Filter']);
  node.rowsRemovedByJoinFilter = num(json['Rows Removed by Join Filter']);
  node.rowsRemovedByIndexRecheck = num(json['Rows Removed by Index Recheck']);
  node.heapFetches = num(json['Heap Fetches']);
  node.exactHeapBlocks = num(json['Exact Heap Blocks']);
  node.lossyHeapBlocks = num(json['Lossy Heap Blocks']);
  node.hashBuckets = num(json['Hash Buckets']);
  node.hashBatches = num(json['Hash Batches']);
  node.originalHashBatches = num(json['Original Hash Batches']);
  node.plannedPartitions = num(json['Planned Partitions']);
  node.peakMemoryKb = num(json['Peak Memory Usage']);
  node.workersPlanned = num(json['Workers Planned']);
  node.workersLaunched = num(json['Workers Launched']);
  node.buffers = buffers(json);
  node.label = renderLabel(node);

  // The leader's figures sit on the node, each worker's in "Workers"; a spill anywhere counts.
  const workers = Array.isArray(json.Workers) ? json.Workers.filter(isObject) : [];
  for (const [source, worker] of [[json, undefined] as const, ...workers.map((w, i) => [w, Number.isSafeInteger(w['Worker Number']) ? (w['Worker Number'] as number) : i] as const)]) {
    node.sorts.push(...sortRuns(source, worker));
    const batches = num(source['HashAgg Batches']);
    if (batches !== undefined) node.hashAggBatches = Math.max(node.hashAggBatches ?? 0, batches);
    const disk = num(source['Disk Usage']);
    if (disk !== undefined) node.diskUsageKb = Math.max(node.diskUsageKb ?? 0, disk);
  }
  return node;
}

function sortRuns(source: Json, worker: number | undefined): SortRun[] {
  const runs: SortRun[] = [];
  const method = str(source['Sort Method']);
  if (method) {
    const spaceType = source['Sort Space Type'] === 'Disk' ? 'Disk' : source['Sort Space Type'] === 'Memory' ? 'Memory' : undefined;
    runs.push({ method, spaceType, spaceUsedKb: num(source['Sort Space Used']), worker });
  }
  // Incremental Sort reports per group kind, with a "Sort Space Disk" object only when it spilled.
  for (const groups of [source['Full-sort Groups'], source['Pre-sorted Groups']]) {
    if (!isObject(groups)) continue;
    const methods = Array.isArray(groups['Sort Methods Used']) ? groups['Sort Methods Used'].filter((m) => typeof m === 'string').join(', ') : 'incremental';
    const disk = groups['Sort Space Disk'];
    const memory = groups['Sort Space Memory'];
    if (isObject(disk)) runs.push({ method: methods, spaceType: 'Disk', spaceUsedKb: num(disk['Peak Sort Space Used']), worker });
    else if (isObject(memory)) runs.push({ method: methods, spaceType: 'Memory', spaceUsedKb: num(memory['Peak Sort Space Used']), worker });
  }
  return runs;
}

function buffers(json: Json): Buffers | undefined {
  const keys = {
    sharedHit: 'Shared Hit Blocks',
    sharedRead: 'Shared Read Blocks',
    sharedDirtied: 'Shared Dirtied Blocks',
    sharedWritten: 'Shared Written Blocks',
    localHit: 'Local Hit Blocks',
    localRead: 'Local Read Blocks',
    tempRead: 'Temp Read Blocks',
    tempWritten: 'Temp Written Blocks',
  } as const;
  if (!Object.values(keys).some((key) => key in json)) return undefined;
  const result = {} as Buffers;
  for (const [field, key] of Object.entries(keys) as [keyof Buffers, string][]) result[field] = num(json[key]) ?? 0;
  return result;
}

/** The text format's name for a node, so both formats describe nodes alike. */
function renderLabel(node: PlanNode): string {
  let name = node.nodeType;
  if (node.nodeType === 'Aggregate') name = { Hashed: 'HashAggregate', Sorted: 'GroupAggregate', Mixed: 'MixedAggregate' }[node.strategy ?? ''] ?? 'Aggregate';
  if (node.partialMode && node.partialMode !== 'Simple') name = `${node.partialMode} ${name}`;
  if (node.joinType && node.joinType !== 'Inner') name = `${name.replace(/ Join$/, '')} ${node.joinType} Join`;
  if (node.nodeType === 'ModifyTable' && node.operation) name = node.operation;
  const parts = [node.parallelAware ? `Parallel ${name}` : name];
  if (node.index) parts.push(node.nodeType === 'Bitmap Index Scan' ? `on ${node.index}` : `using ${node.index}`);
  const target = node.relation ?? node.cteName ?? node.functionName;
  if (target) parts.push(`on ${node.schema && node.relation ? `${node.schema}.${target}` : target}${node.alias && node.alias !== target ? ` ${node.alias}` : ''}`);
  return parts.join(' ');
}

/**
 * Line of each node's "Node Type" key, in document order. PostgreSQL writes a node's keys before its
 * "Plans", so the n-th key belongs to the n-th node of a pre-order walk; inside a JSON string the quotes
 * would be escaped, so the pattern cannot match string content.
 */
function nodeTypeLines(text: string, lines: readonly SourceLine[]): number[] {
  const result: number[] = [];
  const pattern = /"Node Type"\s*:/g;
  let lineIndex = 0;
  let lastOffset = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    for (let i = lastOffset; i < match.index; i++) if (text.charCodeAt(i) === 10) lineIndex++;
    lastOffset = match.index;
    result.push(lines[lineIndex]?.line ?? 1);
  }
  return result;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** EXPLAIN's numbers (costs, rows, times, counters) are finite and never negative; anything else is noise. */
function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
  return n !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}
