import type { Finding } from '../finding.ts';
import { SEVERITIES } from '../finding.ts';
import { qualified, repeats, walk, type ParsedPlan, type PlanNode } from './plan.ts';
import { count, ms } from './render.ts';

const TOP_NODES = 3;
/** Nodes below this share of the total are noise in a summary. */
const MIN_SHARE = 0.05;

/** A few plain sentences: how long the query took, where the time went, what was found. */
export function summarize(plan: ParsedPlan, findings: readonly Finding[]): string {
  const walked = [...walk(plan.root)];
  const nodes = walked.map((w) => w.node);
  const loopsOf = new Map(walked.map((w) => [w.node.id, repeats(w.node, w.ancestors)]));
  const sentences: string[] = [];
  if (!plan.analyzed) {
    sentences.push('Estimated plan only (EXPLAIN without ANALYZE): the query did not run, so there are no actual times or row counts and only estimate-based checks apply.');
    const costly = top(nodes, exclusiveCost, plan.root.totalCost ?? 0);
    if (costly.length > 0) sentences.push(`Highest estimated cost: ${costly.map(({ node, share }) => `${name(node)} (${Math.round(100 * share)}%)`).join(', ')}.`);
  } else if (plan.timed) {
    const total = plan.executionTimeMs ?? plan.root.inclusiveTimeMs ?? 0;
    sentences.push(`Ran in ${ms(total)}${plan.planningTimeMs !== undefined ? ` (planning ${ms(plan.planningTimeMs)})` : ''}.`);
    const busiest = top(nodes, (n) => n.exclusiveTimeMs ?? 0, total);
    if (busiest.length > 0) {
      sentences.push(`Time went to ${busiest.map(({ node, share }) => `${name(node)}${loops(loopsOf.get(node.id) ?? 1)}: ${ms(node.exclusiveTimeMs ?? 0)} (${Math.round(100 * share)}%)`).join('; ')}.`);
    }
    const spread = spreadOut(nodes, total);
    if (spread) sentences.push(spread);
  } else {
    sentences.push(`Ran${plan.executionTimeMs !== undefined ? ` in ${ms(plan.executionTimeMs)}` : ''} with TIMING OFF, so there are no per-node times.`);
    const rows = (n: PlanNode): number => (n.actualRows ?? 0) * (n.actualLoops ?? 0);
    const largest = [...nodes].sort((a, b) => rows(b) - rows(a)).slice(0, TOP_NODES).filter((n) => rows(n) > 0);
    if (largest.length > 0) sentences.push(`Most rows: ${largest.map((n) => `${name(n)} (${count(rows(n))})`).join(', ')}.`);
  }
  sentences.push(findingsSentence(findings));
  return sentences.join(' ');
}

/** Many small nodes on one relation (partitions, UNION ALL branches) matter together though none ranks alone. */
const GROUP_MIN_NODES = 10;
const GROUP_MIN_SHARE = 0.2;

function spreadOut(nodes: readonly PlanNode[], total: number): string | undefined {
  const groups = new Map<string, { nodes: number; ms: number }>();
  for (const node of nodes) {
    if (!node.relation) continue;
    const key = `${node.nodeType} nodes on ${qualified(node)}`;
    const group = groups.get(key) ?? { nodes: 0, ms: 0 };
    group.nodes++;
    group.ms += node.exclusiveTimeMs ?? 0;
    groups.set(key, group);
  }
  const [key, group] = [...groups].filter(([, g]) => g.nodes >= GROUP_MIN_NODES && total > 0 && g.ms >= GROUP_MIN_SHARE * total).sort((a, b) => b[1].ms - a[1].ms)[0] ?? [];
  return key && group ? `Together, ${count(group.nodes)} ${key} took ${ms(group.ms)} (${Math.round((100 * group.ms) / total)}%).` : undefined;
}

function top(nodes: readonly PlanNode[], weight: (n: PlanNode) => number, total: number): { node: PlanNode; share: number }[] {
  if (total <= 0) return [];
  const ranked = nodes.map((node) => ({ node, share: weight(node) / total })).sort((a, b) => b.share - a.share);
  return ranked.filter((r, i) => i < TOP_NODES && (i === 0 ? r.share > 0 : r.share >= MIN_SHARE));
}

/** Cost of the node itself: its total cost minus its children's. Approximate (inner sides cost per loop). */
function exclusiveCost(node: PlanNode): number {
  const children = node.children.reduce((sum, c) => sum + (c.totalCost ?? 0), 0);
  return Math.max(0, (node.totalCost ?? 0) - children);
}

function name(node: PlanNode): string {
  return node.subplanName ? `${node.label} [${node.subplanName}]` : node.label;
}

function loops(repeated: number): string {
  return repeated > 1 ? ` (${count(repeated)} loops)` : '';
}

function findingsSentence(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  const bySeverity = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  return `${findings.length} finding${findings.length > 1 ? 's' : ''}: ${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')}.`;
}
