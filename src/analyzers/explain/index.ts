import { z } from 'zod';
import { bySeverityThenLocation, safely, type AnalyzerResult } from '../finding.ts';
import { runChecks } from './checks.ts';
import { parseJsonPlan } from './parse-json.ts';
import { parseTextPlan } from './parse-text.ts';
import type { PlanNode } from './plan.ts';
import { unwrapPsql } from './psql.ts';
import { summarize } from './summary.ts';
import { computeTimes } from './timing.ts';

export { EXPLAIN_RULES } from './rules.ts';
export { planNodeSchema, type PlanNode } from './plan.ts';

/** Larger than any plan a person pastes (a 5,000-node JSON plan with BUFFERS is a few MB, psql padding included). */
export const MAX_PLAN_CHARS = 32 * 1024 * 1024;
const DEFAULT_FILE = '<plan>';

export const analyzePlanOptionsSchema = z.object({
  /** Reported as every finding's file. */
  file: z.string().min(1).optional(),
  /** Rows (scanned, all loops) from which a relation counts as large for seq-scan-large-filtered. */
  largeRelationRows: z.number().finite().positive().optional(),
});
export type AnalyzePlanOptions = z.infer<typeof analyzePlanOptionsSchema>;

export type PlanAnalysis = AnalyzerResult<{ summary: string; plan?: PlanNode }>;

/**
 * PostgreSQL EXPLAIN output (FORMAT JSON, or text as psql prints it, with or without ANALYZE and BUFFERS)
 * -> findings on the plan, a short summary of where the time went, and the normalized plan tree.
 */
export function analyzePlan(text: string, options: AnalyzePlanOptions = {}): PlanAnalysis {
  return safely(() => {
    const parsedOptions = analyzePlanOptionsSchema.safeParse(options);
    if (!parsedOptions.success) return { ok: false, error: { code: 'invalid-argument', message: `invalid options: ${z.prettifyError(parsedOptions.error)}` } };
    const file = parsedOptions.data.file ?? DEFAULT_FILE;
    if (typeof text !== 'string') return { ok: false, error: { code: 'invalid-argument', message: 'the plan must be a string', file } };
    if (text.length > MAX_PLAN_CHARS) {
      return { ok: false, error: { code: 'input-too-large', message: `the plan has ${text.length} characters; the limit is ${MAX_PLAN_CHARS}`, file } };
    }

    const lines = unwrapPsql(text);
    const start = lines.findIndex((l) => l.text.trim() !== '');
    if (start < 0) return { ok: false, error: { code: 'unsupported-input', message: 'the input is empty: paste the output of EXPLAIN (ANALYZE, BUFFERS)', file } };
    const first = lines[start]!;
    const head = first.text.trim();
    if (head.startsWith('<')) return { ok: false, error: { code: 'unsupported-input', message: 'XML plans are not supported: use FORMAT JSON or the default text format', file, line: first.line } };
    if (/^-?\s*Plan:/.test(head)) return { ok: false, error: { code: 'unsupported-input', message: 'YAML plans are not supported: use FORMAT JSON or the default text format', file, line: first.line } };

    const parsed = head.startsWith('[') || head.startsWith('{') ? parseJsonPlan(lines.slice(start), file) : parseTextPlan(lines, file);
    if (!parsed.ok) return parsed;
    const plan = parsed.plan;
    computeTimes(plan);
    const findings = runChecks(plan, { file, largeRelationRows: parsedOptions.data.largeRelationRows ?? 10_000 }).sort(bySeverityThenLocation);
    return { ok: true, findings, summary: summarize(plan, findings), plan: plan.root };
  });
}
