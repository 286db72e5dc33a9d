import type { Node, RangeVar, RawStmt } from 'libpg-query';
import type { Finding } from '../finding.ts';
import { type TableRef, TableSet, parseTableName, tableRef } from './ast.ts';
import { type MigrationFile, type MigrationSection, sectionAt } from './migration-file.ts';
import { type SourceText, skipTrivia } from './positions.ts';
import { type SqlRuleId, sqlRule } from './rules.ts';

/** Why a statement runs inside a transaction block. */
export type TransactionSource = 'begin' | 'tool';

export interface Statement {
  node: Node;
  /** JS index of the statement's first token and of its end. */
  start: number;
  end: number;
  section: MigrationSection | undefined;
  /** The transaction block the statement runs in; null when it autocommits. */
  tx: { id: number; source: TransactionSource } | null;
}

export interface LintContext {
  readonly src: SourceText;
  readonly file: string;
  readonly pgVersion: number;
  readonly migration: MigrationFile;
  readonly statements: readonly Statement[];
  /** Tables created in this file or earlier in the migration set: migration-safety rules do not apply to them. */
  isNewTable(relation: RangeVar | TableRef | undefined): boolean;
  /** JS index of a parser byte location, or the statement start when the parser gave none. */
  at(statement: Statement, byteLocation: number | undefined): number;
  /** JS index of the first match of `pattern` inside the statement, or its start (for subcommands the parser gives no location). */
  find(statement: Statement, pattern: RegExp): number;
  report(rule: SqlRuleId, index: number, message: string, fix: string): void;
}

const EVIDENCE_MAX = 200;

export function createdTablesOf(stmts: readonly RawStmt[]): TableRef[] {
  const created: TableRef[] = [];
  for (const raw of stmts) {
    const node = raw.stmt;
    if (!node) continue;
    const ref = 'CreateStmt' in node ? tableRef(node.CreateStmt.relation) : 'CreateTableAsStmt' in node ? tableRef(node.CreateTableAsStmt.into?.rel) : undefined;
    if (ref) created.push(ref);
  }
  return created;
}

export function buildContext(
  src: SourceText,
  file: string,
  pgVersion: number,
  migration: MigrationFile,
  stmts: readonly RawStmt[],
  createdBefore: readonly string[],
  findings: Finding[],
): LintContext {
  const statements: Statement[] = [];
  let section: MigrationSection | undefined;
  let tx: Statement['tx'] = null;
  let nextTx = 1;
  for (const raw of stmts) {
    if (!raw.stmt) continue;
    const byteStart = raw.stmt_location ?? 0;
    const start = skipTrivia(src.text, src.indexOfByte(byteStart));
    const end = raw.stmt_len === undefined || raw.stmt_len === 0 ? src.text.length : src.indexOfByte(byteStart + raw.stmt_len);
    const here = sectionAt(migration, start);
    if (here !== section) {
      // Tools run each direction separately, each in its own transaction when they wrap.
      section = here;
      tx = section?.wrapped ? { id: nextTx++, source: 'tool' } : null;
    }
    const node = raw.stmt;
    statements.push({ node, start, end, section, tx });
    if ('TransactionStmt' in node) {
      const kind = node.TransactionStmt.kind;
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') tx ??= { id: nextTx++, source: 'begin' };
      else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE')
        tx = node.TransactionStmt.chain ? { id: nextTx++, source: 'begin' } : null;
    }
  }

  const created = new TableSet();
  for (const table of [...createdTablesOf(stmts), ...createdBefore.map(parseTableName)]) created.add(table);

  function isNewTable(relation: RangeVar | TableRef | undefined): boolean {
    const ref = relation && 'name' in relation ? relation : tableRef(relation);
    return ref !== undefined && created.has(ref);
  }

  function at(statement: Statement, byteLocation: number | undefined): number {
    return byteLocation === undefined || byteLocation < 0 ? statement.start : src.indexOfByte(byteLocation);
  }

  function find(statement: Statement, pattern: RegExp): number {
    const match = pattern.exec(src.text.slice(statement.start, statement.end));
    return match ? statement.start + match.index : statement.start;
  }

  function report(ruleId: SqlRuleId, index: number, message: string, fix: string): void {
    const rule = sqlRule(ruleId);
    const position = src.atIndex(index);
    const evidence = src.lineText(position.line).trim();
    findings.push({
      rule: rule.id,
      severity: rule.severity,
      category: rule.category,
      file,
      line: position.line,
      column: position.column,
      message,
      fix,
      ...(evidence ? { evidence: evidence.length > EVIDENCE_MAX ? `${evidence.slice(0, EVIDENCE_MAX - 1)}…` : evidence } : {}),
    });
  }

  return { src, file, pgVersion, migration, statements, isNewTable, at, find, report };
}

/** A regex source matching an identifier as written in SQL: bare (case-insensitive) or double-quoted. */
export function identifierPattern(name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `(?:"${escaped.replace(/"/g, '""')}"|${escaped}\\b)`;
}
