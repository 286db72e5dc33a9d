import type { AlterTableCmd, ColumnDef, Constraint, Node, RangeVar, TypeName } from 'libpg-query';
import { type TableRef, TableSet, calledFunctions, constraintsOf, displayTable, isNullConstant, sameTable, stringsOf, tableRef, typeNameOf, typmodsOf } from './ast.ts';
import { type LintContext, type Statement, identifierPattern } from './context.ts';

/**
 * Migration-safety rules: statements on existing tables that take long locks, rewrite, fail, or break running code.
 * Tables created in the same file (or listed in createdTables) are exempt: they are empty and unused.
 */

// Volatile built-ins commonly used as defaults (pg_proc.provolatile = 'v'); now()/current_timestamp are stable and do not rewrite.
const VOLATILE_FUNCTIONS = new Set([
  'clock_timestamp', 'timeofday', 'random', 'random_normal', 'gen_random_uuid', 'gen_random_bytes', 'uuidv4', 'uuidv7',
  'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'nextval',
]);
const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

interface PendingConstraint {
  table: TableRef;
  name: string;
  kind: 'foreign key' | 'check' | 'not-null';
  tx: number | null;
  /** Columns the constraint proves NOT NULL once valid. */
  notNullColumns: string[];
}

/** What earlier statements of the file established, keyed by constraint or column name. */
interface FileState {
  pending: Map<string, PendingConstraint[]>;
  provenNotNull: Map<string, TableSet>;
  /** Column types added earlier in this file, to recognise a widening ALTER COLUMN TYPE. */
  columnTypes: Map<string, Array<{ table: TableRef; type: TypeName }>>;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function proveNotNull(state: FileState, table: TableRef, column: string): void {
  let set = state.provenNotNull.get(column);
  if (!set) state.provenNotNull.set(column, (set = new TableSet()));
  set.add(table);
}

/** Columns an expression proves NOT NULL: `col IS NOT NULL`, possibly AND-ed with other conditions. */
function notNullColumnsOf(expr: Node | undefined): string[] {
  if (!expr) return [];
  if ('NullTest' in expr && expr.NullTest.nulltesttype === 'IS_NOT_NULL' && expr.NullTest.arg && 'ColumnRef' in expr.NullTest.arg) {
    const name = stringsOf(expr.NullTest.arg.ColumnRef.fields).at(-1);
    return name ? [name] : [];
  }
  if ('BoolExpr' in expr && expr.BoolExpr.boolop === 'AND_EXPR') return (expr.BoolExpr.args ?? []).flatMap(notNullColumnsOf);
  return [];
}

function typeText(type: TypeName | undefined): string {
  const name = typeNameOf(type);
  const mods = typmodsOf(type);
  return mods && mods.length > 0 ? `${name}(${mods.join(',')})` : name;
}

/** Binary-coercible changes that skip the rewrite: varchar widening, varchar<->text, numeric precision up at the same scale. */
function isSafeTypeChange(from: TypeName, to: TypeName): boolean {
  const [a, b] = [typeNameOf(from), typeNameOf(to)];
  const [am, bm] = [typmodsOf(from), typmodsOf(to)];
  if (!am || !bm) return false;
  const textual = (t: string) => t === 'varchar' || t === 'text';
  if (textual(a) && textual(b)) {
    if (b === 'text' || bm.length === 0) return true;
    return a === 'varchar' && am.length === 1 && (bm[0] ?? 0) >= (am[0] ?? 0);
  }
  if (a === 'numeric' && b === 'numeric') {
    if (bm.length === 0) return true;
    if (am.length === 0) return false;
    return (bm[0] ?? 0) >= (am[0] ?? 0) && (bm[1] ?? 0) === (am[1] ?? 0);
  }
  return false;
}

function concurrentStatement(node: Node): string | undefined {
  if ('IndexStmt' in node && node.IndexStmt.concurrent) return 'CREATE INDEX CONCURRENTLY';
  if ('DropStmt' in node && node.DropStmt.concurrent) return 'DROP INDEX CONCURRENTLY';
  if ('ReindexStmt' in node && (node.ReindexStmt.params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === 'concurrently'))
    return 'REINDEX CONCURRENTLY';
  if ('AlterTableStmt' in node)
    for (const cmd of node.AlterTableStmt.cmds ?? [])
      if ('AlterTableCmd' in cmd && cmd.AlterTableCmd.def && 'PartitionCmd' in cmd.AlterTableCmd.def && cmd.AlterTableCmd.def.PartitionCmd.concurrent)
        return 'DETACH PARTITION CONCURRENTLY';
  return undefined;
}

function checkConcurrentInTransaction(ctx: LintContext, statement: Statement): void {
  const what = concurrentStatement(statement.node);
  if (!what || !statement.tx) return;
  const tool = ctx.migration.tool;
  const why =
    statement.tx.source === 'begin'
      ? 'it follows an explicit BEGIN'
      : tool === 'goose'
        ? 'goose runs each migration in a transaction'
        : tool === 'dbmate'
          ? 'dbmate runs each migration in a transaction'
          : 'the migration tool wraps the file in a transaction (assumeInTransaction)';
  const fix =
    statement.tx.source === 'begin'
      ? 'Move it after COMMIT (or into its own migration) so it runs outside the transaction block.'
      : tool === 'goose'
        ? 'Put it in its own migration annotated -- +goose NO TRANSACTION.'
        : tool === 'dbmate'
          ? 'Put it in its own migration whose section line reads -- migrate:up transaction:false.'
          : 'Put it alone in its own migration that the tool runs without a transaction.';
  ctx.report('concurrent-in-transaction', statement.start, `${what} cannot run inside a transaction block, and ${why}: the migration fails every time.`, fix);
}

function checkIndex(ctx: LintContext, statement: Statement): void {
  const node = statement.node;
  if (!('IndexStmt' in node)) return;
  const index = node.IndexStmt;
  // ON ONLY (inh omitted, i.e. false) creates an invalid parent index without touching partitions: the documented way
  // to index a partitioned table.
  if (index.concurrent || !index.relation || index.relation.inh !== true || ctx.isNewTable(index.relation)) return;
  const table = displayTable(tableRef(index.relation) ?? { name: '?' });
  ctx.report(
    'index-not-concurrent',
    statement.start,
    `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX on existing table ${table} without CONCURRENTLY holds a SHARE lock that blocks INSERT, UPDATE and DELETE for the whole build.`,
    'Use CREATE INDEX CONCURRENTLY, outside a transaction block (its own migration), and drop the INVALID index if it fails.',
  );
}

function checkAddColumn(ctx: LintContext, statement: Statement, table: TableRef, column: ColumnDef, state: FileState): void {
  const name = column.colname ?? '?';
  const at = ctx.at(statement, column.location);
  const where = displayTable(table);
  const constraints = constraintsOf(column);
  const has = (type: Constraint['contype']) => constraints.some((c) => c.contype === type);
  const defaultExpr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  const hasDefault = defaultExpr !== undefined && !isNullConstant(defaultExpr);
  const generated = constraints.find((c) => c.contype === 'CONSTR_GENERATED');
  const serial = SERIAL_TYPES.has(typeNameOf(column.typeName));
  if (column.typeName) push(state.columnTypes, name, { table, type: column.typeName });

  if ((has('CONSTR_NOTNULL') || has('CONSTR_PRIMARY')) && !hasDefault && !has('CONSTR_IDENTITY') && !generated && !serial) {
    ctx.report(
      'add-column-not-null-no-default',
      at,
      `ADD COLUMN ${name} ${has('CONSTR_PRIMARY') ? 'PRIMARY KEY (implies NOT NULL)' : 'NOT NULL'} without a DEFAULT fails with "contains null values" as soon as ${where} has rows.`,
      'Add a constant DEFAULT (no rewrite since PostgreSQL 11), or add the column nullable, backfill it in batches, then enforce NOT NULL through a validated CHECK.',
    );
  }

  const volatile = hasDefault ? calledFunctions(defaultExpr).find((f) => VOLATILE_FUNCTIONS.has(f)) : undefined;
  const reason = volatile
    ? `the volatile default ${volatile}()`
    : has('CONSTR_IDENTITY')
      ? 'an identity column'
      : generated && generated.generated_kind !== 'v'
        ? 'a stored generated column'
        : serial
          ? `type ${typeNameOf(column.typeName)} (its nextval() default is volatile)`
          : hasDefault && ctx.pgVersion < 11
            ? `a DEFAULT on PostgreSQL ${ctx.pgVersion} (constant defaults avoid the rewrite only from PostgreSQL 11)`
            : undefined;
  if (reason) {
    ctx.report(
      'add-column-rewrite',
      at,
      `ADD COLUMN ${name} with ${reason} rewrites ${where} and all its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes.`,
      ctx.pgVersion < 11 && !volatile && !generated && !serial && !has('CONSTR_IDENTITY')
        ? 'Add the column without a default, then ALTER COLUMN SET DEFAULT (applies to new rows only) and backfill existing rows in batches.'
        : 'Add the column nullable without that default, ALTER COLUMN SET DEFAULT for new rows, and backfill existing rows in batches.',
    );
  }

  for (const c of constraints) {
    if (c.contype === 'CONSTR_FOREIGN') reportValidatingForeignKey(ctx, table, c, at);
    if (c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY') reportIndexedConstraint(ctx, table, c, at);
  }
}

function reportValidatingForeignKey(ctx: LintContext, table: TableRef, c: Constraint, at: number): void {
  const parent = displayTable(tableRef(c.pktable) ?? { name: 'the referenced table' });
  const where = displayTable(table);
  ctx.report(
    'add-fk-validating',
    at,
    `Adding foreign key${c.conname ? ` ${c.conname}` : ''} on existing table ${where} checks every row while ${where} and ${parent} are locked against writes (SHARE ROW EXCLUSIVE or stronger).`,
    `Add it with NOT VALID (only new rows are checked), then ALTER TABLE ${where} VALIDATE CONSTRAINT in a later migration: that scan takes SHARE UPDATE EXCLUSIVE and writes continue.`,
  );
}

function reportIndexedConstraint(ctx: LintContext, table: TableRef, c: Constraint, at: number): void {
  const kind = c.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
  const where = displayTable(table);
  ctx.report(
    'add-unique-not-concurrent',
    at,
    `Adding ${kind} on existing table ${where} builds its index under ACCESS EXCLUSIVE, blocking reads and writes for the whole build.`,
    `CREATE UNIQUE INDEX CONCURRENTLY first, then ALTER TABLE ${where} ADD CONSTRAINT ... ${kind} USING INDEX ...${kind === 'PRIMARY KEY' ? ' (with the columns already NOT NULL, or USING INDEX scans to set it)' : ''}.`,
  );
}

function reportSetNotNull(ctx: LintContext, at: number, table: TableRef, columns: string[], what: string): void {
  const fix =
    ctx.pgVersion >= 18
      ? `ADD CONSTRAINT ... NOT NULL ${columns.join(', ')} NOT VALID, backfill, then VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE).`
      : ctx.pgVersion >= 12
        ? `ADD CONSTRAINT ... CHECK (${columns[0] ?? 'col'} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL skips the scan; drop the CHECK afterwards.`
        : `Before PostgreSQL 12 SET NOT NULL always scans: keep a validated CHECK (${columns[0] ?? 'col'} IS NOT NULL) instead, or run it in a maintenance window.`;
  ctx.report(
    'set-not-null',
    at,
    `${what} scans every row of existing table ${displayTable(table)} under ACCESS EXCLUSIVE, blocking reads and writes.`,
    fix,
  );
}

function checkAlterCommand(ctx: LintContext, statement: Statement, relation: RangeVar | undefined, cmd: AlterTableCmd, state: FileState): void {
  const table = tableRef(relation);
  if (!table) return;
  const where = displayTable(table);
  const def = cmd.def;
  const tx = statement.tx?.id ?? null;
  const column = cmd.name ?? '?';
  const proven = (col: string) => state.provenNotNull.get(col)?.has(table) === true;

  switch (cmd.subtype) {
    case 'AT_AddColumn':
      if (def && 'ColumnDef' in def) checkAddColumn(ctx, statement, table, def.ColumnDef, state);
      return;
    case 'AT_AddConstraint': {
      if (!def || !('Constraint' in def)) return;
      const c = def.Constraint;
      const at = ctx.at(statement, c.location);
      const name = c.conname ?? '';
      if (c.contype === 'CONSTR_FOREIGN') {
        if (c.skip_validation) push(state.pending, name, { table, name, kind: 'foreign key', tx, notNullColumns: [] });
        else reportValidatingForeignKey(ctx, table, c, at);
      } else if (c.contype === 'CONSTR_CHECK') {
        const columns = notNullColumnsOf(c.raw_expr);
        if (c.skip_validation) {
          push(state.pending, name, { table, name, kind: 'check', tx, notNullColumns: columns });
        } else {
          for (const col of columns) proveNotNull(state, table, col);
          ctx.report(
            'add-check-validating',
            at,
            `Adding CHECK${name ? ` ${name}` : ''} on existing table ${where} checks every row under ACCESS EXCLUSIVE, blocking reads and writes.`,
            `Add it with NOT VALID, then ALTER TABLE ${where} VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE).`,
          );
        }
      } else if (c.contype === 'CONSTR_NOTNULL') {
        const columns = stringsOf(c.keys);
        if (c.skip_validation && ctx.pgVersion < 18) {
          ctx.report(
            'set-not-null',
            at,
            `NOT NULL ... NOT VALID needs PostgreSQL 18 (pgVersion is ${ctx.pgVersion}): this statement fails there.`,
            `Use CHECK (${columns[0] ?? 'col'} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then SET NOT NULL (no scan since PostgreSQL 12).`,
          );
        } else if (c.skip_validation) {
          push(state.pending, name, { table, name, kind: 'not-null', tx, notNullColumns: columns });
        } else if (!columns.every(proven)) {
          reportSetNotNull(ctx, at, table, columns, `ADD CONSTRAINT ${name ? `${name} ` : ''}NOT NULL ${columns.join(', ')}`);
        }
      } else if ((c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY') && !c.indexname) {
        reportIndexedConstraint(ctx, table, c, at);
      }
      return;
    }
    case 'AT_ValidateConstraint': {
      const pending = state.pending.get(cmd.name ?? '')?.find((p) => sameTable(p.table, table));
      if (!pending) return;
      for (const col of pending.notNullColumns) proveNotNull(state, table, col);
      if (pending.tx === null || pending.tx !== tx) return;
      const at = ctx.find(statement, new RegExp(`VALIDATE\\s+CONSTRAINT\\s+${identifierPattern(pending.name)}`, 'i'));
      const rule = pending.kind === 'foreign key' ? 'add-fk-validating' : pending.kind === 'check' ? 'add-check-validating' : 'set-not-null';
      ctx.report(
        rule,
        at,
        `VALIDATE CONSTRAINT ${pending.name} runs in the same transaction that added the ${pending.kind} constraint NOT VALID on ${where}: the lock taken by ADD CONSTRAINT is held for the whole validation scan.`,
        'Validate in a separate migration (or after COMMIT), so the scan runs under SHARE UPDATE EXCLUSIVE only.',
      );
      return;
    }
    case 'AT_SetNotNull': {
      // A valid CHECK proving the column NOT NULL lets PostgreSQL 12+ skip the scan.
      if (ctx.pgVersion >= 12 && proven(column)) return;
      const at = ctx.find(statement, new RegExp(`ALTER\\s+(?:COLUMN\\s+)?${identifierPattern(column)}\\s+SET\\s+NOT\\s+NULL`, 'i'));
      reportSetNotNull(ctx, at, table, [column], `SET NOT NULL on column ${column}`);
      return;
    }
    case 'AT_AlterColumnType': {
      if (!def || !('ColumnDef' in def)) return;
      const to = def.ColumnDef;
      const known = state.columnTypes.get(column)?.filter((c) => sameTable(c.table, table)).at(-1);
      if (to.typeName) push(state.columnTypes, column, { table, type: to.typeName });
      const unchanged = to.raw_default === undefined && to.collClause === undefined;
      if (known && to.typeName && unchanged && isSafeTypeChange(known.type, to.typeName)) return;
      const target = typeText(to.typeName);
      const maybeSafe = !known && unchanged && ['varchar', 'text', 'numeric'].includes(typeNameOf(to.typeName));
      ctx.report(
        'alter-column-type',
        ctx.at(statement, to.location),
        `ALTER COLUMN ${column} TYPE ${target} on existing table ${where} rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE${
          maybeSafe ? ', unless it only widens varchar(n) to a longer varchar or text, or raises numeric precision at the same scale (the old type is not in this file)' : ''
        }.`,
        'Expand/contract: add a new column of the new type, backfill in batches, move reads and writes to it, then drop the old column.',
      );
      return;
    }
    case 'AT_DropColumn': {
      const at = ctx.find(statement, new RegExp(`DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?${identifierPattern(column)}`, 'i'));
      ctx.report(
        'drop-column',
        at,
        `DROP COLUMN ${column} on ${where}: running code (and ORMs that select every column) still referencing it fails once this runs.`,
        `Deploy code that no longer reads or writes ${column} first (e.g. mark it ignored in the ORM), then drop it in a later migration.`,
      );
      return;
    }
    default:
      return;
  }
}

function checkRename(ctx: LintContext, statement: Statement): void {
  const node = statement.node;
  if (!('RenameStmt' in node)) return;
  const rename = node.RenameStmt;
  if (ctx.isNewTable(rename.relation)) return;
  const table = displayTable(tableRef(rename.relation) ?? { name: '?' });
  if (rename.renameType === 'OBJECT_COLUMN' && rename.relationType === 'OBJECT_TABLE') {
    ctx.report(
      'rename-column',
      statement.start,
      `RENAME COLUMN ${rename.subname ?? '?'} TO ${rename.newname ?? '?'} on ${table}: running code still using ${rename.subname ?? 'the old name'} fails until every instance is redeployed.`,
      `Expand/contract: add ${rename.newname ?? 'the new column'}, write both, backfill, move reads, then drop ${rename.subname ?? 'the old column'} in a later release.`,
    );
  } else if (rename.renameType === 'OBJECT_TABLE') {
    ctx.report(
      'rename-table',
      statement.start,
      `RENAME TABLE ${table} TO ${rename.newname ?? '?'}: running code still using ${table} fails until every instance is redeployed.`,
      `Expand/contract: rename, then CREATE VIEW ${table} AS SELECT * FROM ${rename.newname ?? 'the new table'} in the same transaction until all code uses the new name.`,
    );
  }
}

export function checkSafety(ctx: LintContext): void {
  const state: FileState = { pending: new Map(), provenNotNull: new Map(), columnTypes: new Map() };
  for (const statement of ctx.statements) {
    // A CONCURRENTLY statement in a transaction fails in either direction.
    checkConcurrentInTransaction(ctx, statement);
    // Down sections revert the up section (drop what it added): lock advice does not apply to a rollback.
    if (statement.section?.direction === 'down') continue;
    const node = statement.node;
    checkIndex(ctx, statement);
    checkRename(ctx, statement);
    if ('AlterTableStmt' in node && node.AlterTableStmt.objtype === 'OBJECT_TABLE' && !ctx.isNewTable(node.AlterTableStmt.relation)) {
      for (const cmd of node.AlterTableStmt.cmds ?? [])
        if ('AlterTableCmd' in cmd) checkAlterCommand(ctx, statement, node.AlterTableStmt.relation, cmd.AlterTableCmd, state);
    }
  }
}
