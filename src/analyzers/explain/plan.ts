import { z } from 'zod';
import { sqlIdent } from './render.ts';

/**
 * The normalized plan tree both parsers (JSON and text) produce. Field names follow the JSON format's keys
 * ("Node Type" -> nodeType, "Rows Removed by Filter" -> rowsRemovedByFilter); per-loop values stay per loop,
 * exactly as PostgreSQL prints them, so `actualRows * actualLoops` is the node's total row count.
 */
export const sortRunSchema = z.object({
  /** "quicksort", "top-N heapsort", "external sort", "external merge" (several, comma-joined, for Incremental Sort groups). */
  method: z.string(),
  spaceType: z.enum(['Memory', 'Disk']).optional(),
  spaceUsedKb: z.number().optional(),
  /** Set when the figures belong to one parallel worker rather than the node as a whole. */
  worker: z.number().int().optional(),
});
export type SortRun = z.infer<typeof sortRunSchema>;

export const buffersSchema = z.object({
  sharedHit: z.number(),
  sharedRead: z.number(),
  sharedDirtied: z.number(),
  sharedWritten: z.number(),
  localHit: z.number(),
  localRead: z.number(),
  tempRead: z.number(),
  tempWritten: z.number(),
});
export type Buffers = z.infer<typeof buffersSchema>;

export const planNodeSchema = z.object({
  /** Position in a pre-order walk, 0 for the root. */
  id: z.number().int().min(0),
  /** 1-based line of the node in the input (text: its header line; JSON: its "Node Type" key). */
  line: z.number().int().min(1),
  /** The JSON format's "Node Type": "Seq Scan", "Hash Join", "Aggregate", "ModifyTable" ... */
  nodeType: z.string(),
  /** The node as the text format names it: "Parallel Index Scan Backward using orders_pkey on orders o". */
  label: z.string(),
  parallelAware: z.boolean(),
  /** "Outer", "Inner", "Member", "Subquery", "InitPlan", "SubPlan". */
  parentRelationship: z.string().optional(),
  /** "CTE recent", "InitPlan 1 (returns $0)", "SubPlan 2". */
  subplanName: z.string().optional(),
  joinType: z.string().optional(),
  strategy: z.string().optional(),
  partialMode: z.string().optional(),
  operation: z.string().optional(),
  relation: z.string().optional(),
  schema: z.string().optional(),
  alias: z.string().optional(),
  index: z.string().optional(),
  cteName: z.string().optional(),
  functionName: z.string().optional(),
  startupCost: z.number().optional(),
  totalCost: z.number().optional(),
  planRows: z.number().optional(),
  planWidth: z.number().optional(),
  actualStartupTime: z.number().optional(),
  actualTotalTime: z.number().optional(),
  actualRows: z.number().optional(),
  actualLoops: z.number().optional(),
  /** ANALYZE ran but this node never did (text "(never executed)", JSON "Actual Loops": 0). */
  neverExecuted: z.boolean(),
  filter: z.string().optional(),
  oneTimeFilter: z.string().optional(),
  /** Output columns (VERBOSE only), joined with ", ". */
  output: z.string().optional(),
  joinFilter: z.string().optional(),
  indexCond: z.string().optional(),
  recheckCond: z.string().optional(),
  hashCond: z.string().optional(),
  mergeCond: z.string().optional(),
  rowsRemovedByFilter: z.number().optional(),
  rowsRemovedByJoinFilter: z.number().optional(),
  rowsRemovedByIndexRecheck: z.number().optional(),
  /** Index Only Scan: heap visits over all loops (not per loop). */
  heapFetches: z.number().optional(),
  exactHeapBlocks: z.number().optional(),
  lossyHeapBlocks: z.number().optional(),
  sortKey: z.string().optional(),
  sorts: z.array(sortRunSchema),
  hashBuckets: z.number().optional(),
  hashBatches: z.number().optional(),
  originalHashBatches: z.number().optional(),
  /** HashAggregate: batches used at run time (the largest over the leader and workers). */
  hashAggBatches: z.number().optional(),
  /** HashAggregate: partitions the planner expected to spill into (shown with costs, even without ANALYZE). */
  plannedPartitions: z.number().optional(),
  peakMemoryKb: z.number().optional(),
  diskUsageKb: z.number().optional(),
  workersPlanned: z.number().optional(),
  workersLaunched: z.number().optional(),
  buffers: buffersSchema.optional(),
  /** Wall-clock time spent in this node and its children, all loops (parallel workers counted once). */
  inclusiveTimeMs: z.number().optional(),
  /** inclusiveTimeMs minus the children's: the time spent in this node itself. */
  exclusiveTimeMs: z.number().optional(),
  get children() {
    return z.array(planNodeSchema);
  },
});
export type PlanNode = z.infer<typeof planNodeSchema>;

export const parsedPlanSchema = z.object({
  root: planNodeSchema,
  /** EXPLAIN ANALYZE: actual rows and loops are known. */
  analyzed: z.boolean(),
  /** Per-node times are known (ANALYZE without TIMING OFF). */
  timed: z.boolean(),
  planningTimeMs: z.number().optional(),
  executionTimeMs: z.number().optional(),
  /** Node id -> a one-line rendering of the node for finding evidence. */
  headers: z.map(z.number(), z.string()),
});
export type ParsedPlan = z.infer<typeof parsedPlanSchema>;

/** A node with every optional field unset, for the parsers to fill in. */
export function emptyNode(id: number, line: number, nodeType: string, label: string): PlanNode {
  return { id, line, nodeType, label, parallelAware: false, neverExecuted: false, sorts: [], children: [] };
}

/** Pre-order walk without recursion, so a deep plan cannot exhaust the stack. */
export function* walk(root: PlanNode): Generator<{ node: PlanNode; ancestors: readonly PlanNode[] }> {
  const stack: { node: PlanNode; ancestors: PlanNode[] }[] = [{ node: root, ancestors: [] }];
  while (stack.length > 0) {
    const { node, ancestors } = stack.pop()!;
    yield { node, ancestors };
    const next = [...ancestors, node];
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, ancestors: next });
  }
}

/**
 * Processes that share a node's loops: inside a Gather or Gather Merge the leader and each launched worker
 * run the parallel part side by side, and "loops" counts all of them.
 */
export function participants(ancestors: readonly PlanNode[]): number {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i]!;
    if (a.nodeType === 'Gather' || a.nodeType === 'Gather Merge') return (a.workersLaunched ?? a.workersPlanned ?? 0) + 1;
  }
  return 1;
}

/** How often the node was restarted by its parent, per process: 1 for a plain parallel scan. */
export function repeats(node: PlanNode, ancestors: readonly PlanNode[]): number {
  const loops = node.actualLoops ?? 0;
  const shared = participants(ancestors);
  return shared > 1 ? Math.max(1, loops / shared) : loops;
}

/** The node's relation for SQL ("public.orders", "\"Order Items\""), or '' for nodes without one. */
export function qualified(node: PlanNode): string {
  if (!node.relation) return '';
  return node.schema ? `${sqlIdent(node.schema)}.${sqlIdent(node.relation)}` : sqlIdent(node.relation);
}
