import type { Node } from 'web-tree-sitter';
import type { TableRef } from '../sql/ast.ts';
import type { SqlRuleId } from '../sql/rules.ts';
import type { HostString } from './literals.ts';

/**
 * What a tool module reads out of a migration's up direction, in file order. The shared part (lint.ts) decides
 * which issues stand (tables created earlier are exempt), lints the embedded SQL and places everything on lines.
 */

/** Host-file range of the construct a finding belongs to (JS indices). */
export interface Span {
  start: number;
  end: number;
}

/** The transaction block a statement runs in (the tool's own, per migration or per section); null when it autocommits. */
export type Tx = number | null;

export type ConstraintKind = 'foreign key' | 'check';

export type MigrationEvent =
  | { kind: 'create-table'; table: TableRef }
  | { kind: 'issue'; rule: SqlRuleId; table: TableRef | undefined; span: Span; message: string; fix: string }
  | { kind: 'sql'; sql: HostString; span: Span; tx: Tx }
  | { kind: 'not-valid'; name: string; table: TableRef; constraint: ConstraintKind; tx: Tx }
  | { kind: 'validate'; name: string; table: TableRef; span: Span; tx: Tx };

/** How the tool wraps migrations in transactions, for findings on statements that cannot run inside one. */
export interface TransactionAdvice {
  /** Completes "... cannot run inside a transaction block, and ...". */
  why: string;
  fix: string;
}

export interface Extraction {
  events: MigrationEvent[];
  transaction: TransactionAdvice;
}

function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

/** Collects events; the tool modules call it while walking the syntax tree. */
export class EventLog {
  readonly events: MigrationEvent[] = [];

  createTable(table: TableRef): void {
    this.events.push({ kind: 'create-table', table });
  }

  /** An issue on `table`, dropped later when that table is new; `table` undefined means it always stands. */
  issue(rule: SqlRuleId, at: Node, table: TableRef | undefined, message: string, fix: string): void {
    this.events.push({ kind: 'issue', rule, table, span: spanOf(at), message, fix });
  }

  sql(sql: HostString, at: Node, tx: Tx): void {
    this.events.push({ kind: 'sql', sql, span: spanOf(at), tx });
  }

  notValid(name: string, table: TableRef, constraint: ConstraintKind, tx: Tx): void {
    this.events.push({ kind: 'not-valid', name, table, constraint, tx });
  }

  validate(name: string, table: TableRef, at: Node, tx: Tx): void {
    this.events.push({ kind: 'validate', name, table, span: spanOf(at), tx });
  }
}
