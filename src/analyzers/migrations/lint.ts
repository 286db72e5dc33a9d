import { z } from 'zod';
import { type AnalyzerResult, type Finding, safelyAsync } from '../finding.ts';
import { languageForPath, parserFor } from '../code/grammars.ts';
import { SourceFile } from '../code/syntax.ts';
import { type TableRef, TableSet, displayTable, parseTableName, sameTable } from '../sql/ast.ts';
import { type SourceText, sourceText } from '../sql/positions.ts';
import { SQL_RULES } from '../sql/rules.ts';
import { extractAlembic } from './alembic.ts';
import { detectMigration, migrationToolSchema, type MigrationTool } from './detect.ts';
import { extractDjango } from './django.ts';
import { lintEmbeddedSql } from './embedded-sql.ts';
import type { Extraction, MigrationEvent, Span, Tx } from './events.ts';
import { extractKnex } from './knex.ts';
import { risk } from './wording.ts';

/**
 * The PostgreSQL migration-safety and schema rules of the SQL lint, applied to knex, alembic and Django migrations:
 * the tool module reads the up direction into events, tables created earlier (in this file, by its embedded SQL, or
 * in createdTables) are exempt, embedded SQL goes through the SQL lint, and every finding lands on a host line.
 */

export const migrationLintOptionsSchema = z.object({
  /** Path reported in findings; also how the tool is detected and, for Django, the app label (`<app>/migrations/`). */
  file: z.string().min(1),
  /** Skips detection. */
  tool: migrationToolSchema.optional(),
  /** Target PostgreSQL major version, for the SQL lint of embedded SQL. */
  pgVersion: z.number().min(9).max(100).default(16),
  /** Tables created by earlier migrations of the same change (the previous result's createdTables, or the SQL lint's). */
  createdTables: z.array(z.string().min(1)).default([]),
  /** Only report on these 1-based lines (the added lines of a diff); a finding on a multi-line call moves to its first such line. */
  lines: z.set(z.number().int()).optional(),
  /** Folder with the tree-sitter .wasm files (default: PROAGENT_GRAMMARS_DIR, then node_modules). */
  grammarsDir: z.string().optional(),
});
export type MigrationLintOptions = z.input<typeof migrationLintOptionsSchema>;

/** Findings plus the tool and the tables this migration creates, to pass as createdTables to the next one. */
export type MigrationLintResult = AnalyzerResult<{ tool: MigrationTool; createdTables: string[] }>;

/** Migrations are hand-written or generated code of modest size; larger input is not a migration worth parsing. */
export const MAX_MIGRATION_CHARS = 2_000_000;

const RULES = new Map(SQL_RULES.map((rule) => [rule.id, rule]));
const EVIDENCE_MAX = 200;
/** How many lines of a multi-line call may carry its finding when the first is not among the wanted lines. */
const MAX_SPAN_LINES = 40;
const VALIDATE = /\bVALIDATE\s+CONSTRAINT\s+(?:"((?:[^"]|"")+)"|([\w$]+))/gi;
const IDENTIFIER = String.raw`(?:"(?:[^"]|"")+"|[\w$]+)`;
const VALIDATE_ON_TABLE = new RegExp(String.raw`\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(${IDENTIFIER}(?:\.${IDENTIFIER})?)\s+VALIDATE\s+CONSTRAINT\b`, 'gi');

function unquote(name: string): string {
  return name
    .split(/\.(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((part) => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part.toLowerCase()))
    .join('.');
}

interface Candidate {
  rule: string;
  span: Span;
  message: string;
  fix: string;
}

function extract(tool: MigrationTool, source: SourceFile, file: string): Extraction {
  if (tool === 'knex') return extractKnex(source);
  if (tool === 'alembic') return extractAlembic(source);
  return extractDjango(source, file);
}

type NotValid = Extract<MigrationEvent, { kind: 'not-valid' }>;

/** VALIDATE CONSTRAINT of a constraint the tool added NOT VALID in the same transaction: the lock is held for the scan. */
function validatesInSameTransaction(events: readonly MigrationEvent[]): Candidate[] {
  const pending: NotValid[] = [];
  const out: Candidate[] = [];
  const check = (name: string, tx: Tx, span: Span, table: TableRef | undefined) => {
    const added = pending.find((p) => p.tx !== null && p.tx === tx && p.name.toLowerCase() === name.toLowerCase() && (!table || sameTable(p.table, table)));
    if (!added) return;
    const foreignKey = added.constraint === 'foreign key';
    out.push({
      rule: foreignKey ? 'add-fk-validating' : 'add-check-validating',
      span,
      message: `VALIDATE CONSTRAINT ${name} ${risk.validateSameTransaction(name, foreignKey ? 'foreign key' : 'CHECK', added.table)}.`,
      fix: 'Validate in a later migration (its own transaction), so the scan runs under SHARE UPDATE EXCLUSIVE only.',
    });
  };
  for (const event of events) {
    if (event.kind === 'not-valid') pending.push(event);
    else if (event.kind === 'validate') check(event.name, event.tx, event.span, event.table);
    else if (event.kind === 'sql') {
      for (const match of event.sql.text.matchAll(VALIDATE)) {
        const at = event.sql.origin[match.index] ?? event.span.start;
        check(match[1]?.replace(/""/g, '"') ?? match[2] ?? '', event.tx, { start: at, end: at + 1 }, undefined);
      }
    }
  }
  return out;
}

function toFinding(candidate: Candidate, file: string, host: SourceText, lines: Set<number> | undefined): Finding | undefined {
  const rule = RULES.get(candidate.rule);
  if (!rule) return undefined;
  const first = host.atIndex(candidate.span.start);
  const last = Math.min(host.atIndex(Math.max(candidate.span.start, candidate.span.end - 1)).line, first.line + MAX_SPAN_LINES);
  let line = first.line;
  if (lines) {
    while (line <= last && !lines.has(line)) line++;
    if (line > last) return undefined;
  }
  const evidence = host.lineText(line).trim();
  return {
    rule: rule.id,
    severity: rule.severity,
    category: rule.category,
    file,
    line,
    ...(line === first.line ? { column: first.column } : {}),
    message: candidate.message,
    fix: candidate.fix,
    ...(evidence ? { evidence: evidence.length > EVIDENCE_MAX ? `${evidence.slice(0, EVIDENCE_MAX - 1)}…` : evidence } : {}),
  };
}

/** Lints one knex, alembic or Django migration file; loads its grammar and the SQL parser on first use. Never throws. */
export function lintMigration(text: string, options: MigrationLintOptions): Promise<MigrationLintResult> {
  return safelyAsync(async (): Promise<MigrationLintResult> => {
    const parsed = migrationLintOptionsSchema.safeParse(options);
    if (!parsed.success) return { ok: false, error: { code: 'invalid-argument', message: `invalid migration lint options: ${z.prettifyError(parsed.error)}` } };
    const { file, pgVersion, createdTables, lines, grammarsDir } = parsed.data;
    if (typeof text !== 'string') return { ok: false, error: { code: 'invalid-argument', message: 'migration text must be a string', file } };
    if (text.length > MAX_MIGRATION_CHARS) return { ok: false, error: { code: 'input-too-large', message: `${file} is ${text.length} characters; the limit is ${MAX_MIGRATION_CHARS}`, file } };
    const tool = parsed.data.tool ?? detectMigration(file, text);
    if (!tool) {
      return { ok: false, error: { code: 'unsupported-input', message: `${file} is not recognised as a knex, alembic or Django migration (pass tool to force one)`, file } };
    }

    const language = tool === 'knex' ? languageForPath(file) ?? 'typescript' : 'python';
    const parser = await parserFor(language, grammarsDir);
    const tree = parser.parse(text);
    if (!tree) return { ok: false, error: { code: 'parse-error', message: `${file}: the parser returned no tree`, file } };
    let extraction: Extraction;
    try {
      extraction = extract(tool, new SourceFile(tree.rootNode, text, language), file);
    } finally {
      tree.delete();
    }
    const { events } = extraction;

    const ormCreated = events.flatMap((e) => (e.kind === 'create-table' ? [displayTable(e.table)] : []));
    const embedded = await lintEmbeddedSql(
      events.flatMap((e) => (e.kind === 'sql' ? [{ sql: e.sql, tx: e.tx }] : [])),
      { file, pgVersion, createdTables: [...createdTables, ...ormCreated], transaction: extraction.transaction },
    );

    // An operation on a table created earlier in this migration (or by its SQL, or an earlier file) touches no rows.
    const created = new TableSet();
    for (const name of [...createdTables, ...embedded.createdTables]) created.add(parseTableName(name));
    // SET NOT NULL after a VALIDATE CONSTRAINT on the same table is the documented route: the validated
    // CHECK (col IS NOT NULL) lets PostgreSQL 12+ skip the scan.
    const validated = new TableSet();
    const candidates: Candidate[] = [];
    for (const event of events) {
      if (event.kind === 'create-table') created.add(event.table);
      else if (event.kind === 'validate') validated.add(event.table);
      else if (event.kind === 'sql') for (const match of event.sql.text.matchAll(VALIDATE_ON_TABLE)) validated.add(parseTableName(unquote(match[1] ?? '')));
      else if (event.kind === 'issue') {
        if (event.table && created.has(event.table)) continue;
        if (event.rule === 'set-not-null' && event.table && pgVersion >= 12 && validated.has(event.table)) continue;
        candidates.push(event);
      }
    }
    candidates.push(...validatesInSameTransaction(events));
    candidates.push(...embedded.findings.map((f) => ({ rule: f.rule, span: { start: f.at, end: f.at }, message: f.message, fix: f.fix })));

    const host = sourceText(text);
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const candidate of candidates) {
      const finding = toFinding(candidate, file, host, lines);
      const key = finding && `${finding.rule}:${finding.line}:${finding.message}`;
      if (!finding || !key || seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
    findings.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.rule.localeCompare(b.rule));
    return { ok: true, findings, tool, createdTables: [...ormCreated, ...embedded.createdTables] };
  });
}
