import { lintSql, loadSqlParser } from '../sql/index.ts';
import { parseStatements } from '../sql/parser.ts';
import type { Tx, TransactionAdvice } from './events.ts';
import type { HostString } from './literals.ts';
import { risk } from './wording.ts';

/**
 * Lints the SQL a migration runs through knex.raw, op.execute or RunSQL with the SQL lint, as one script so that
 * state carries across statements (NOT VALID then VALIDATE, tables created earlier). The tool's transactions become
 * BEGIN/COMMIT lines between the snippets; findings are moved back to the host file through each snippet's origins.
 */

export interface Snippet {
  sql: HostString;
  tx: Tx;
}

/** A finding of the SQL lint, placed at a host-file index. */
export interface EmbeddedFinding {
  rule: string;
  at: number;
  message: string;
  fix: string;
}

interface Part {
  snippet: Snippet;
  offset: number;
}

function assemble(snippets: readonly Snippet[]): { text: string; parts: Part[] } {
  let text = '';
  let open: Tx = null;
  const parts: Part[] = [];
  for (const snippet of snippets) {
    if (snippet.tx !== open) {
      if (open !== null) text += 'COMMIT;\n';
      if (snippet.tx !== null) text += 'BEGIN;\n';
      open = snippet.tx;
    }
    parts.push({ snippet, offset: text.length });
    // A newline first, so that a trailing -- comment cannot swallow the separator.
    text += `${snippet.sql.text}\n;\n`;
  }
  if (open !== null) text += 'COMMIT;\n';
  return { text, parts };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The snippet holding a script index; with `orBefore`, else the last one starting before it (an unterminated string runs on). */
function partAt(parts: readonly Part[], index: number, orBefore = false): Part | undefined {
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (part && part.offset <= index && (orBefore || index <= part.offset + part.snippet.sql.text.length)) return part;
  }
  return undefined;
}

export async function lintEmbeddedSql(
  snippets: readonly Snippet[],
  options: { file: string; pgVersion: number; createdTables: readonly string[]; transaction: TransactionAdvice },
): Promise<{ findings: EmbeddedFinding[]; createdTables: string[] }> {
  await loadSqlParser();
  // A snippet that is not PostgreSQL (templated, another dialect) is left out. Each is parsed alone first, so that many
  // such snippets cost one parse each; should the joined script still fail, the snippet at fault goes and the rest is retried.
  let active = snippets.filter((s) => parseStatements(s.sql.text).ok);
  while (active.length > 0) {
    const { text, parts } = assemble(active);
    const starts = lineStarts(text);
    const result = await lintSql(text, { file: options.file, pgVersion: options.pgVersion, createdTables: [...options.createdTables] });
    if (!result.ok) {
      const line = result.error.code === 'parse-error' ? result.error.line : undefined;
      const bad = line === undefined ? undefined : partAt(parts, starts[line - 1] ?? -1, true);
      if (!bad) break;
      active = active.filter((s) => s !== bad.snippet);
      continue;
    }
    const findings: EmbeddedFinding[] = [];
    for (const finding of result.findings) {
      const index = (starts[finding.line - 1] ?? 0) + (finding.column ?? 1) - 1;
      const part = partAt(parts, index);
      if (!part) continue;
      const { origin } = part.snippet.sql;
      const at = origin[Math.min(index - part.offset, origin.length - 1)] ?? 0;
      if (finding.rule === 'concurrent-in-transaction' && part.snippet.tx !== null) {
        // The SQL lint blames the BEGIN written above; the transaction is really the tool's.
        const what = /^(.*?) cannot run inside a transaction block/.exec(finding.message)?.[1] ?? 'This statement';
        findings.push({ rule: finding.rule, at, message: `${what} ${risk.concurrentInTransaction(options.transaction.why)}.`, fix: options.transaction.fix });
      } else {
        findings.push({ rule: finding.rule, at, message: finding.message, fix: finding.fix });
      }
    }
    return { findings, createdTables: result.createdTables };
  }
  return { findings: [], createdTables: [] };
}
