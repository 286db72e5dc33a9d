import type { Node } from 'web-tree-sitter';
import { type TableRef, displayTable } from '../sql/ast.ts';
import { looksLikeMoney } from '../sql/schema-rules.ts';
import { type Call, type SourceFile, field, named, pathOf, unwrap } from '../code/syntax.ts';
import { EventLog, type Extraction, type Tx } from './events.ts';
import { constantString, hostString } from './literals.ts';
import { given, intArgs, isFalse, isTrivialBody, isTrue, moduleFunction, typeName, within } from './python.ts';
import { isCommit } from './statements.ts';
import { EXPAND_CONTRACT_RENAME, EXPAND_CONTRACT_TYPE, MONEY_FIX, code, risk } from './wording.ts';

/**
 * alembic revisions: the op.* calls of upgrade() (and batch_op.* inside `with op.batch_alter_table(...)`),
 * op.execute / connection.execute SQL, `with op.get_context().autocommit_block():` and an explicit
 * op.execute("COMMIT") that leave the migration transaction, and whether downgrade() undoes anything.
 * On PostgreSQL alembic runs upgrade() inside a transaction (transactional DDL).
 */

const TRANSACTION = {
  why: 'alembic runs upgrade() in a transaction on PostgreSQL',
  fix: 'Run it inside `with op.get_context().autocommit_block():`.',
};
const INEXACT_TYPES = new Set(['Float', 'FLOAT', 'REAL', 'Double', 'DOUBLE', 'DOUBLE_PRECISION', 'MONEY']);
/** Column() arguments that are not its type. */
const COLUMN_EXTRAS = new Set(['ForeignKey', 'Sequence', 'Identity', 'Computed', 'CheckConstraint', 'FetchedValue', 'DefaultClause']);

type SimpleType = { kind: 'varchar' | 'text' | 'numeric' | 'other'; mods: (number | undefined)[] };

function simpleType(source: SourceFile, node: Node | undefined): SimpleType {
  const name = typeName(source, node).toUpperCase();
  const call = node ? source.callAt(node) : undefined;
  if (['STRING', 'VARCHAR', 'UNICODE', 'NVARCHAR'].includes(name)) return { kind: 'varchar', mods: intArgs(call, ['length']) };
  if (['TEXT', 'UNICODETEXT'].includes(name)) return { kind: 'text', mods: [] };
  if (['NUMERIC', 'DECIMAL'].includes(name)) return { kind: 'numeric', mods: intArgs(call, ['precision', 'scale']) };
  return { kind: 'other', mods: [] };
}

/** Binary-coercible changes that skip the rewrite: varchar widening or to text, numeric precision up at the same scale. */
function isSafeTypeChange(from: SimpleType, to: SimpleType): boolean {
  const [fromLength, toLength] = [from.mods[0], to.mods[0]];
  if ((from.kind === 'varchar' || from.kind === 'text') && (to.kind === 'text' || (to.kind === 'varchar' && toLength === undefined))) return true;
  if (from.kind === 'varchar' && to.kind === 'varchar') return fromLength !== undefined && toLength !== undefined && toLength >= fromLength;
  if (from.kind === 'numeric' && to.kind === 'numeric') {
    if (to.mods[0] === undefined) return true;
    return from.mods[0] !== undefined && to.mods[0] >= from.mods[0] && (to.mods[1] ?? 0) === (from.mods[1] ?? 0);
  }
  return false;
}

interface ColumnInfo {
  name: string;
  call: Call;
  type: Node | undefined;
  foreignKey: Call | undefined;
}

class AlembicUpgrade {
  readonly log = new EventLog();
  private readonly autocommitBlocks: Node[];
  private readonly batches: Array<{ alias: string; block: Node; table: TableRef }> = [];
  private commitAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly source: SourceFile,
    private readonly upgrade: Node,
  ) {
    const withStatements = upgrade.descendantsOfType('with_statement');
    this.autocommitBlocks = withStatements.filter((w) => w.descendantsOfType('with_item').some((item) => this.itemOf(item).call?.name === 'autocommit_block'));
    for (const statement of withStatements) {
      for (const item of statement.descendantsOfType('with_item')) {
        const { call, alias } = this.itemOf(item);
        if (call?.name !== 'batch_alter_table' || !alias) continue;
        const name = constantString(source, call.kwargs.get('table_name') ?? call.args[0]) ?? '?';
        const schema = constantString(source, call.kwargs.get('schema'));
        this.batches.push({ alias, block: statement, table: schema ? { schema, name } : { name } });
      }
    }
  }

  /** `with X(...) as alias`: the call and the alias. */
  private itemOf(item: Node): { call: Call | undefined; alias: string | undefined } {
    const value = field(item, 'value');
    if (!value) return { call: undefined, alias: undefined };
    if (value.type !== 'as_pattern') return { call: this.source.callAt(value), alias: undefined };
    const inner = named(value)[0];
    return { call: inner ? this.source.callAt(inner) : undefined, alias: named(field(value, 'alias'))[0]?.text };
  }

  /** The transaction a call runs in: a new one after each autocommit block, none inside one or after an explicit COMMIT. */
  private txAt(node: Node): Tx {
    if (node.startIndex > this.commitAt || this.autocommitBlocks.some((block) => within(node, block))) return null;
    return 1 + this.autocommitBlocks.filter((block) => block.endIndex <= node.startIndex).length;
  }

  private table(node: Node | undefined, schemaNode: Node | undefined): TableRef {
    const name = constantString(this.source, node) ?? node?.text ?? '?';
    const schema = constantString(this.source, schemaNode);
    return schema ? { schema, name } : { name };
  }

  private column(node: Node | undefined): ColumnInfo | undefined {
    const call = node ? this.source.callAt(node) : undefined;
    if (!call || call.name !== 'Column') return undefined;
    const rest = call.args.slice(1);
    const name = constantString(this.source, call.kwargs.get('name') ?? call.args[0]) ?? '?';
    const type = call.kwargs.get('type_') ?? rest.find((a) => !COLUMN_EXTRAS.has(typeName(this.source, a)));
    const foreignKey = rest.map((a) => this.source.callAt(a)).find((c) => c?.name === 'ForeignKey');
    return { name, call, type, foreignKey };
  }

  run(): void {
    for (const call of this.source.calls) {
      if (!within(call.node, this.upgrade)) continue;
      const receiver = call.receiver ? unwrap(call.receiver) : null;
      const batch = this.batches.find((b) => receiver?.type === 'identifier' && receiver.text === b.alias && within(call.node, b.block));
      if (receiver?.type === 'identifier' && receiver.text === 'op') this.operation(call, undefined);
      else if (batch) this.operation(call, batch.table);
      else if (call.name === 'execute' && this.isConnection(receiver)) this.execute(call);
    }
  }

  /** `op.get_bind()`, or a variable assigned from it. */
  private isConnection(receiver: Node | null): boolean {
    if (!receiver) return false;
    if (/^op\.get_bind\(\)$/.test(pathOf(receiver))) return true;
    if (receiver.type !== 'identifier') return false;
    const assignments = this.source.assignmentsBefore(receiver.text, receiver);
    return assignments.length > 0 && assignments.every((a) => /^op\.get_bind\(\)$/.test(pathOf(a.value)));
  }

  private execute(call: Call): void {
    const sql = hostString(this.source, call.args[0] ?? call.kwargs.get('sqltext'));
    if (!sql) return;
    this.log.sql(sql, call.node, this.txAt(call.node));
    if (isCommit(sql.text)) this.commitAt = Math.min(this.commitAt, call.node.endIndex);
  }

  /** One op.* call; `batchTable` is the table of the enclosing batch_alter_table, whose calls omit it. */
  private operation(call: Call, batchTable: TableRef | undefined): void {
    // Positions as in the op.* signature; batch_op.* calls omit the table argument, so later arguments move up one.
    const arg = (i: number, keyword: string) => call.kwargs.get(keyword) ?? call.args[batchTable ? i - 1 : i];
    const tableAt = (i: number, keyword: string) => batchTable ?? this.table(arg(i, keyword), call.kwargs.get('schema'));
    const what = code(call.node.text);
    switch (call.name) {
      case 'execute':
        this.execute(call);
        return;
      case 'create_table': {
        this.log.createTable(this.table(call.kwargs.get('table_name') ?? call.args[0], call.kwargs.get('schema')));
        for (const column of call.args.slice(1)) this.money(this.column(column), column);
        return;
      }
      case 'add_column':
        this.addColumn(call, tableAt(0, 'table_name'), arg(1, 'column'));
        return;
      case 'create_index':
      case 'drop_index': {
        if (!isTrue(call.kwargs.get('postgresql_concurrently'))) {
          if (call.name === 'create_index') {
            const table = tableAt(1, 'table_name');
            this.log.issue('index-not-concurrent', call.node, table, `${what} ${risk.indexNotConcurrent(table)}.`, `Pass postgresql_concurrently=True and run it inside \`with op.get_context().autocommit_block():\`; drop the INVALID index if the build fails.`);
          }
          return;
        }
        if (this.txAt(call.node) !== null) {
          this.log.issue('concurrent-in-transaction', call.node, undefined, `${what}: ${call.name === 'create_index' ? 'CREATE' : 'DROP'} INDEX CONCURRENTLY ${risk.concurrentInTransaction(TRANSACTION.why)}.`, TRANSACTION.fix);
        }
        return;
      }
      case 'create_foreign_key': {
        const table = batchTable ?? this.table(call.kwargs.get('source_table') ?? call.args[1], call.kwargs.get('source_schema'));
        const parent = constantString(this.source, call.kwargs.get('referent_table') ?? call.args[batchTable ? 1 : 2]) ?? 'the referenced table';
        const name = constantString(this.source, call.kwargs.get('constraint_name') ?? call.args[0]) ?? '';
        if (isTrue(call.kwargs.get('postgresql_not_valid'))) {
          this.log.notValid(name, table, 'foreign key', this.txAt(call.node));
          return;
        }
        this.log.issue(
          'add-fk-validating',
          call.node,
          table,
          `${what} ${risk.fkValidating(table, parent)}.`,
          `Pass postgresql_not_valid=True (SQLAlchemy 1.4.32+), then op.execute("ALTER TABLE ${displayTable(table)} VALIDATE CONSTRAINT ${name || '...'}") in a later migration (SHARE UPDATE EXCLUSIVE, writes continue).`,
        );
        return;
      }
      case 'create_check_constraint': {
        const table = tableAt(1, 'table_name');
        const name = constantString(this.source, call.kwargs.get('constraint_name') ?? call.args[0]) ?? '';
        if (isTrue(call.kwargs.get('postgresql_not_valid'))) {
          this.log.notValid(name, table, 'check', this.txAt(call.node));
          return;
        }
        this.log.issue('add-check-validating', call.node, table, `${what} ${risk.checkValidating(table)}.`, `Pass postgresql_not_valid=True, then op.execute("ALTER TABLE ${displayTable(table)} VALIDATE CONSTRAINT ${name || '...'}") in a later migration.`);
        return;
      }
      case 'create_unique_constraint':
      case 'create_primary_key': {
        const table = tableAt(1, 'table_name');
        const kind = call.name === 'create_primary_key' ? 'a PRIMARY KEY' : 'a UNIQUE constraint';
        this.log.issue(
          'add-unique-not-concurrent',
          call.node,
          table,
          `${what} ${risk.uniqueNotConcurrent(kind, table)}.`,
          `op.create_index(..., unique=True, postgresql_concurrently=True) inside an autocommit_block, then op.execute("ALTER TABLE ${displayTable(table)} ADD CONSTRAINT ... ${call.name === 'create_primary_key' ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX ...").`,
        );
        return;
      }
      case 'alter_column':
        this.alterColumn(call, tableAt(0, 'table_name'), constantString(this.source, arg(1, 'column_name')) ?? '?');
        return;
      case 'drop_column': {
        const table = tableAt(0, 'table_name');
        const column = constantString(this.source, arg(1, 'column_name')) ?? '?';
        this.log.issue('drop-column', call.node, table, `${what} ${risk.dropColumn(column, table)}.`, `Deploy code that no longer reads or writes ${column} first (remove it from the model), then drop it in a later migration.`);
        return;
      }
      case 'rename_table': {
        const from = this.table(call.kwargs.get('old_table_name') ?? call.args[0], call.kwargs.get('schema'));
        const to = constantString(this.source, call.kwargs.get('new_table_name') ?? call.args[1]) ?? '?';
        this.log.issue('rename-table', call.node, from, `${what} ${risk.renameTable(from, to)}.`, `Rename, then op.execute("CREATE VIEW ${displayTable(from)} AS SELECT * FROM ${to}") in the same migration until all code uses ${to}.`);
        return;
      }
      default:
        return;
    }
  }

  private money(column: ColumnInfo | undefined, at: Node): void {
    const name = typeName(this.source, column?.type);
    if (!column || !INEXACT_TYPES.has(name) || !looksLikeMoney(column.name)) return;
    this.log.issue('money-as-float', at, undefined, `${code(at.text)} ${risk.money(column.name, name)}.`, `${MONEY_FIX} In SQLAlchemy: sa.Numeric(12, 2).`);
  }

  private addColumn(call: Call, table: TableRef, columnNode: Node | undefined): void {
    const column = this.column(columnNode);
    if (!column) return;
    const what = code(call.node.text);
    this.money(column, call.node);
    const kwargs = column.call.kwargs;
    const generated = column.call.args.some((a) => ['Identity', 'Computed'].includes(typeName(this.source, a)));
    if ((isFalse(kwargs.get('nullable')) || isTrue(kwargs.get('primary_key'))) && !given(kwargs.get('server_default')) && !generated) {
      this.log.issue(
        'add-column-not-null-no-default',
        call.node,
        table,
        `${what} ${risk.notNullNoDefault(column.name, table)}${given(kwargs.get('default')) ? ' (default= is applied by SQLAlchemy on insert, not by the database)' : ''}.`,
        'Give it a constant server_default (no table rewrite since PostgreSQL 11), or add it nullable, backfill in batches, then alter_column(nullable=False) through a validated CHECK in a later migration.',
      );
    }
    if (column.foreignKey && !isTrue(column.foreignKey.kwargs.get('postgresql_not_valid'))) {
      const target = constantString(this.source, column.foreignKey.args[0])?.split('.').slice(0, -1).join('.') || 'the referenced table';
      this.log.issue(
        'add-fk-validating',
        call.node,
        table,
        `${what} ${risk.fkValidating(table, target)}: alembic emits the column's ForeignKey as a separate ADD CONSTRAINT.`,
        'Add the column without the ForeignKey, then op.create_foreign_key(..., postgresql_not_valid=True) and VALIDATE CONSTRAINT in a later migration.',
      );
    }
  }

  private alterColumn(call: Call, table: TableRef, column: string): void {
    const what = code(call.node.text);
    const kwargs = call.kwargs;
    if (isFalse(kwargs.get('nullable')) && !isFalse(kwargs.get('existing_nullable'))) {
      this.log.issue(
        'set-not-null',
        call.node,
        table,
        `${what} ${risk.setNotNull(column, table)}.`,
        `op.create_check_constraint(..., "${column} IS NOT NULL", postgresql_not_valid=True), VALIDATE CONSTRAINT in a later migration, then alter_column(nullable=False) skips the scan (PostgreSQL 12+); drop the CHECK afterwards.`,
      );
    }
    const to = kwargs.get('type_');
    if (given(to)) {
      const from = kwargs.get('existing_type');
      const known = given(from);
      if (!(known && !given(kwargs.get('postgresql_using')) && isSafeTypeChange(simpleType(this.source, from), simpleType(this.source, to)))) {
        this.log.issue('alter-column-type', call.node, table, `${what} ${risk.alterType(column, table, known)}.`, EXPAND_CONTRACT_TYPE);
      }
      const name = constantString(this.source, kwargs.get('new_column_name')) ?? column;
      const toName = typeName(this.source, to);
      if (INEXACT_TYPES.has(toName) && looksLikeMoney(name)) {
        this.log.issue('money-as-float', call.node, undefined, `${what} ${risk.money(name, toName)}.`, `${MONEY_FIX} In SQLAlchemy: sa.Numeric(12, 2).`);
      }
    }
    const renamed = constantString(this.source, kwargs.get('new_column_name'));
    if (renamed !== undefined) this.log.issue('rename-column', call.node, table, `${what} ${risk.renameColumn(column, renamed, table)}.`, EXPAND_CONTRACT_RENAME);
  }
}

export function extractAlembic(source: SourceFile): Extraction {
  const upgrade = moduleFunction(source, 'upgrade');
  if (!upgrade) return { events: [], transaction: TRANSACTION };
  const migration = new AlembicUpgrade(source, upgrade);
  migration.run();
  const downgrade = moduleFunction(source, 'downgrade');
  if (!isTrivialBody(upgrade) && (!downgrade || isTrivialBody(downgrade))) {
    const at = downgrade ?? upgrade;
    migration.log.issue(
      'missing-down-migration',
      field(at, 'name') ?? at,
      undefined,
      downgrade ? 'downgrade() does nothing: alembic downgrade reports success without undoing this revision.' : 'This revision has no downgrade(): alembic downgrade cannot revert it.',
      'Undo upgrade() in downgrade() (drop what it adds, re-add what it drops), or raise NotImplementedError to say it is irreversible.',
    );
  }
  return { events: migration.log.events, transaction: TRANSACTION };
}
