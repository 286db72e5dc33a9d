import fs from 'node:fs';
import path from 'node:path';
import { languageForPath } from '../analyzers/code/grammars.ts';
import type { AnalyzerResult } from '../analyzers/finding.ts';
import { detectMigration } from '../analyzers/migrations/detect.ts';
import { findingsMarkdown } from '../output/findings.ts';
import type { HookInput } from './input.ts';
import { displayPath } from './pre-tool-use.ts';

/**
 * After a Write or Edit, runs the rules on the file's new content (SQL: schema and migration safety;
 * code: security and performance, plus migration safety for knex, alembic and Django migrations) and
 * reports findings on the changed lines to the model. Plain stdout is not shown to the model, so
 * findings go out as additionalContext; no findings, no output.
 */
export async function postToolUse(input: HookInput): Promise<object | undefined> {
  const file = displayPath(input);
  const isSql = file.toLowerCase().endsWith('.sql');
  if (!isSql && !languageForPath(file)) return undefined;
  const content = fs.readFileSync(input.tool_input.file_path, 'utf8');
  const lines = changedLines(input, content);
  let result: AnalyzerResult;
  if (isSql) {
    const { lintSql } = await import('../analyzers/sql/index.ts');
    result = await lintSql(content, { file, siblings: fs.readdirSync(path.dirname(input.tool_input.file_path)) });
  } else {
    const { analyzeSource } = await import('../analyzers/code/analyze.ts');
    result = await analyzeSource(content, { file, lines });
    if (result.ok && detectMigration(file, content)) {
      const { lintMigration } = await import('../analyzers/migrations/index.ts');
      const migration = await lintMigration(content, { file, lines });
      if (migration.ok) result = { ok: true, findings: [...result.findings, ...migration.findings] };
    }
  }
  if (!result.ok) return undefined;
  const findings = result.findings.filter((f) => lines.has(f.line));
  if (!findings.length) return undefined;
  const text = `${findingsMarkdown(findings, `proagent-backend checks on ${file}`)}\nConfirm each finding against the code; fix real ones now, or tell the user why not.`;
  return { hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext: text } };
}

/** The lines the edit produced: from Claude Code's structured patch, or the whole file for a new one. */
function changedLines(input: HookInput, content: string): Set<number> {
  const hunks = input.tool_response?.structuredPatch ?? [];
  const lines = new Set<number>();
  for (const h of hunks) for (let l = h.newStart; l < h.newStart + h.newLines; l++) lines.add(l);
  if (lines.size) return lines;
  const count = content.split('\n').length;
  return new Set(Array.from({ length: count }, (_, i) => i + 1));
}
