import { z } from 'zod';
import { RULES, type RuleId } from './rules.ts';

export const severitySchema = z.enum(['error', 'warning']);

export const diagnosticSchema = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  col: z.number().int().min(1),
  severity: severitySchema,
  rule: z.string(),
  message: z.string(),
  fix: z.string().optional(),
});

export type Diagnostic = z.infer<typeof diagnosticSchema>;
export type Severity = z.infer<typeof severitySchema>;

export interface Location {
  file: string;
  line?: number;
  col?: number;
}

/** Builds a diagnostic whose severity comes from the rule registry, so one rule always reports alike. */
export function diag(rule: RuleId, at: Location, message: string, fix?: string): Diagnostic {
  return {
    file: at.file,
    line: at.line ?? 1,
    col: at.col ?? 1,
    severity: RULES[rule].severity,
    rule,
    message,
    ...(fix ? { fix } : {}),
  };
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.rule.localeCompare(b.rule);
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col} ${d.severity} ${d.rule} ${d.message}${d.fix ? ` (fix: ${d.fix})` : ''}`;
}
