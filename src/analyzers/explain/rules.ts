import type { RuleInfo } from '../finding.ts';

const DOCS = 'https://www.postgresql.org/docs/current';

/** Every rule the EXPLAIN analysis can report; tests require a positive and a negative fixture for each. */
const RULES = [
  {
    id: 'seq-scan-large-filtered',
    severity: 'high',
    category: 'plan',
    title: 'A sequential scan reads a large relation only to discard almost all of it with a filter.',
    source: `${DOCS}/using-explain.html`,
  },
  {
    id: 'index-scan-filtered',
    severity: 'medium',
    category: 'plan',
    title: 'An index scan fetches many rows that a filter then discards: the index does not cover the condition.',
    source: `${DOCS}/indexes-multicolumn.html`,
  },
  {
    id: 'row-misestimate',
    severity: 'medium',
    category: 'plan',
    title: 'The planner estimated a row count 10x or more away from the actual one.',
    source: `${DOCS}/planner-stats.html`,
  },
  {
    id: 'sort-spill',
    severity: 'medium',
    category: 'plan',
    title: 'A sort did not fit in work_mem and spilled to disk.',
    source: `${DOCS}/runtime-config-resource.html#GUC-WORK-MEM`,
  },
  {
    id: 'hash-spill',
    severity: 'medium',
    category: 'plan',
    title: 'A hash table (join or aggregate) did not fit in memory and was split into batches on disk.',
    source: `${DOCS}/runtime-config-resource.html#GUC-HASH-MEM-MULTIPLIER`,
  },
  {
    id: 'nested-loop-many',
    severity: 'high',
    category: 'plan',
    title: 'A nested loop runs its inner side thousands of times and that is where the time goes.',
    source: `${DOCS}/using-explain.html`,
  },
  {
    id: 'workers-not-launched',
    severity: 'medium',
    category: 'plan',
    title: 'A parallel plan got fewer workers than it planned for.',
    source: `${DOCS}/how-parallel-query-works.html`,
  },
  {
    id: 'heap-fetches-high',
    severity: 'medium',
    category: 'plan',
    title: 'An index-only scan had to visit the heap for many rows because the visibility map is not up to date.',
    source: `${DOCS}/indexes-index-only-scans.html`,
  },
  {
    id: 'bitmap-lossy',
    severity: 'low',
    category: 'plan',
    title: 'A bitmap heap scan went lossy (work_mem too small), so whole pages had to be rechecked.',
    source: `${DOCS}/using-explain.html`,
  },
  {
    id: 'never-executed',
    severity: 'low',
    category: 'plan',
    title: 'Part of the plan never ran, so EXPLAIN ANALYZE says nothing about its cost.',
    source: `${DOCS}/using-explain.html`,
  },
] as const satisfies readonly RuleInfo[];

export const EXPLAIN_RULES: RuleInfo[] = [...RULES];
export type ExplainRuleId = (typeof RULES)[number]['id'];

export function ruleSeverity(id: ExplainRuleId): RuleInfo['severity'] {
  return RULES.find((rule) => rule.id === id)!.severity;
}
