import { repeats, walk, type ParsedPlan, type PlanNode } from './plan.ts';

/** Each InitPlan search walks its owner's subtree: real plans have a handful of InitPlans, hostile ones thousands. */
const MAX_INITPLAN_SEARCHES = 25;

/**
 * Fills inclusiveTimeMs and exclusiveTimeMs on every node of a timed plan.
 *
 * PostgreSQL prints "actual time" as an average per loop, so a node's total is time x loops; inside a Gather
 * the loops are spread over processes running side by side, so the wall-clock share divides by them
 * (see `repeats`). A node's exclusive time is its total minus its children's, with two exceptions where
 * a child's time is already inside a sibling's:
 * - a CTE runs as its CTE Scans pull rows, so its time is taken out of those scans;
 * - an InitPlan runs where its output parameter is first needed, so its time is taken out of the node whose
 *   expressions use the parameter; the target list is only shown with VERBOSE, so failing that, out of the
 *   node whose first row was delayed by about the InitPlan's time; failing that, out of the node it hangs under.
 */
export function computeTimes(plan: ParsedPlan): void {
  if (!plan.timed) return;
  const order: PlanNode[] = [];
  for (const { node, ancestors } of walk(plan.root)) {
    const loops = node.actualLoops ?? 0;
    // Clamped so that absurd inputs (1e300 ms x 1e300 loops) stay finite numbers.
    node.inclusiveTimeMs = loops > 0 ? Math.min((node.actualTotalTime ?? 0) * repeats(node, ancestors), Number.MAX_VALUE) : 0;
    order.push(node);
  }

  const expressions = new Map(
    order.map((n) => [n, [n.filter, n.oneTimeFilter, n.indexCond, n.recheckCond, n.joinFilter, n.hashCond, n.mergeCond, n.output, n.sortKey].join(' ')]),
  );
  const deferred = new Map<number, number>();
  let searches = 0;
  for (const owner of order) {
    for (const child of owner.children) {
      if (child.parentRelationship !== 'InitPlan' || child.subplanName?.startsWith('CTE ')) continue;
      const searched = searches++ < MAX_INITPLAN_SEARCHES ? (parameterUser(owner, child, expressions) ?? delayedNode(owner, child)) : undefined;
      const user = searched ?? owner;
      deferred.set(user.id, (deferred.get(user.id) ?? 0) + (child.inclusiveTimeMs ?? 0));
    }
  }

  const cteRemaining = new Map<string, number>();
  for (const node of order) {
    let exclusive = (node.inclusiveTimeMs ?? 0) - (deferred.get(node.id) ?? 0);
    for (const child of node.children) {
      if (child.subplanName?.startsWith('CTE ')) cteRemaining.set(child.subplanName.slice(4), child.inclusiveTimeMs ?? 0);
      else if (child.parentRelationship !== 'InitPlan') exclusive -= child.inclusiveTimeMs ?? 0;
    }
    if (node.nodeType === 'CTE Scan' && node.cteName !== undefined) {
      const remaining = cteRemaining.get(node.cteName) ?? 0;
      const share = Math.min(Math.max(exclusive, 0), remaining);
      cteRemaining.set(node.cteName, remaining - share);
      exclusive -= share;
    }
    node.exclusiveTimeMs = Number.isNaN(exclusive) ? 0 : Math.min(Math.max(0, exclusive), Number.MAX_VALUE);
  }
}

/**
 * The first node under `owner` (outside the InitPlan itself) whose expressions mention the InitPlan's
 * output: "$0" up to PostgreSQL 16 ("InitPlan 1 (returns $0)"), "(InitPlan 1).col1" from 17 on.
 */
function parameterUser(owner: PlanNode, initPlan: PlanNode, expressions: ReadonlyMap<PlanNode, string>): PlanNode | undefined {
  const name = initPlan.subplanName ?? '';
  const returns = /\(returns (.*)\)$/.exec(name)?.[1];
  const patterns = returns
    ? [...returns.matchAll(/\$\d+/g)].map((m) => new RegExp(`\\${m[0]}(?!\\d)`))
    : [new RegExp(`\\(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`)];
  const inside = new Set([...walk(initPlan)].map((w) => w.node));
  for (const { node } of walk(owner)) {
    if (inside.has(node)) continue;
    const text = expressions.get(node) ?? '';
    if (patterns.some((p) => p.test(text))) return node;
  }
  return undefined;
}

/** Startup delay that a node adds over its slowest-starting input: where a once-run InitPlan would show up. */
const DELAY_TOLERANCE = 0.95;

function delayedNode(owner: PlanNode, initPlan: PlanNode): PlanNode | undefined {
  const cost = initPlan.actualTotalTime ?? 0;
  if (cost <= 0) return undefined;
  let best: { node: PlanNode; delay: number } | undefined;
  const inside = new Set([...walk(initPlan)].map((w) => w.node));
  for (const { node } of walk(owner)) {
    if (inside.has(node) || node.actualLoops !== 1 || node.actualStartupTime === undefined || node.parentRelationship === 'InitPlan' || node.parentRelationship === 'SubPlan') continue;
    const inputs = node.children.filter((c) => c.parentRelationship !== 'InitPlan' && c.parentRelationship !== 'SubPlan');
    const delay = node.actualStartupTime - Math.max(0, ...inputs.map((c) => c.actualStartupTime ?? 0));
    if (delay >= DELAY_TOLERANCE * cost && (!best || delay < best.delay)) best = { node, delay };
  }
  return best?.node;
}
