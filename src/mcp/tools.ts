import { z } from 'zod';
import { findingSchema, type AnalyzerResult, type Finding } from '../analyzers/finding.ts';
import { findingsMarkdown, summaryLine } from '../output/findings.ts';

/** What every analyzer tool returns as structuredContent. */
export const findingsOutput = {
  findings: z.array(findingSchema),
  summary: z.string(),
};

/** Caps keep a single call from stalling the session; the SDK reports a violation as a tool error. */
export const MAX_TEXT = 2 * 1024 * 1024;
export const textInput = (what: string) => z.string().min(1, `${what} is empty`).max(MAX_TEXT, `${what} is larger than ${MAX_TEXT} characters; send one file or a smaller diff`);

export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: { findings: Finding[]; summary: string };
  isError?: boolean;
}

/** Findings become markdown for the model and structured content for programs; analyzer errors become tool errors. */
export function toToolResult(result: AnalyzerResult<{ summary?: string }>, title: string): ToolResult {
  if (!result.ok) {
    const where = result.error.line ? ` (line ${result.error.line})` : '';
    return { isError: true, content: [{ type: 'text', text: `${result.error.code}${where}: ${result.error.message}` }] };
  }
  const summary = result.summary ?? (result.findings.length ? summaryLine(result.findings) : 'no findings');
  const text = [result.summary, findingsMarkdown(result.findings, title)].filter(Boolean).join('\n\n');
  return { content: [{ type: 'text', text }], structuredContent: { findings: result.findings, summary } };
}
