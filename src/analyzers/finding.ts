import { z } from 'zod';

/** The shared contract of every analyzer: pure functions from text to findings or a structured error. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type FindingSeverity = z.infer<typeof severitySchema>;

export const CATEGORIES = ['security', 'performance', 'schema', 'migration', 'api', 'plan'] as const;

export const findingSchema = z.object({
  rule: z.string(),
  severity: severitySchema,
  /** Path as given by the caller (repository-relative for diffs). */
  file: z.string(),
  /** 1-based line in the file's new content (for diffs: the added line). */
  line: z.number().int().min(1),
  column: z.number().int().min(1).optional(),
  message: z.string(),
  fix: z.string(),
  /** The offending source text, trimmed to one line. */
  evidence: z.string().optional(),
  category: z.enum(CATEGORIES).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const analyzerErrorSchema = z.object({
  code: z.enum(['input-too-large', 'parse-error', 'unsupported-input', 'invalid-argument', 'internal']),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().int().min(1).optional(),
});
export type AnalyzerError = z.infer<typeof analyzerErrorSchema>;

export type AnalyzerResult<Extra extends object = object> = ({ ok: true; findings: Finding[] } & Extra) | { ok: false; error: AnalyzerError };

/** Rule metadata, for documentation, SARIF and the MCP tool descriptions. */
export const ruleInfoSchema = z.object({
  id: z.string(),
  severity: severitySchema,
  category: z.enum(CATEGORIES),
  title: z.string(),
  /** Primary source: a specification, the PostgreSQL docs, an OWASP cheat sheet. */
  source: z.url(),
});
export type RuleInfo = z.infer<typeof ruleInfoSchema>;

/** Runs an analyzer body and turns any unexpected exception into a structured internal error. */
export function safely<Extra extends object>(run: () => AnalyzerResult<Extra>): AnalyzerResult<Extra> {
  try {
    return run();
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: `analyzer failed: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

export async function safelyAsync<Extra extends object>(run: () => Promise<AnalyzerResult<Extra>>): Promise<AnalyzerResult<Extra>> {
  try {
    return await run();
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: `analyzer failed: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

export function bySeverityThenLocation(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
}
