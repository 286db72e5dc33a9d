import type { Node } from 'web-tree-sitter';
import { type TableRef, displayTable } from '../sql/ast.ts';
import { looksLikeMoney } from '../sql/schema-rules.ts';
import { type Call, type SourceFile, field, named, unwrap } from '../code/syntax.ts';
import { EventLog, type Extraction, type Tx } from './events.ts';
import { constantString, hostString } from './literals.ts';
import { given, isFalse, isTrue, typeName } from './python.ts';
import { EXPAND_CONTRACT_RENAME, MONEY_FIX, risk } from './wording.ts';

/**
 * Django migrations: the `operations` of `class Migration(migrations.Migration)` with `atomic`, including the
 * database_operations of SeparateDatabaseAndState and the django.contrib.postgres concurrent and NOT VALID
 * operations. Tables are `<app label>_<model>` (the app label read from the path `<app>/migrations/`), or the
 * db_table given to CreateModel. Fields are NOT NULL unless null=True, and Django adds an index and a validated
 * foreign key constraint for every ForeignKey.
 */

const TRANSACTION = {
  why: 'Django runs the migration in a transaction (Migration.atomic is True by default on PostgreSQL)',
  fix: 'Set atomic = False on the Migration class, and keep the operation in its own migration.',
};
const NO_COLUMN_FIELDS = new Set(['ManyToManyField', 'GenericRelation', 'GenericForeignKey']);
const AUTO_FIELDS = new Set(['AutoField', 'BigAutoField', 'SmallAutoField', 'GeneratedField']);
const RELATION_FIELDS = new Set(['ForeignKey', 'OneToOneField']);
const INEXACT_FIELDS = new Set(['FloatField']);

interface FieldInfo {
  kind: string;
  kwargs: Map<string, Node>;
}

class DjangoMigration {
  readonly log = new EventLog();
  private readonly tables = new Map<string, TableRef>();

  constructor(
    private readonly source: SourceFile,
    private readonly app: string | undefined,
    private readonly tx: Tx,
  ) {}

  private tableOf(model: string | undefined): TableRef {
    const key = (model ?? '?').toLowerCase().split('.').at(-1) ?? '?';
    return this.tables.get(key) ?? { name: this.app ? `${this.app}_${key}` : key };
  }

  private field(node: Node | undefined): FieldInfo | undefined {
    const call = node ? this.source.callAt(node) : undefined;
    return call ? { kind: typeName(this.source, node), kwargs: call.kwargs } : undefined;
  }

  /** The database column of a field: db_column, else the name (plus _id for a relation). */
  private columnOf(name: string, info: FieldInfo): string {
    return constantString(this.source, info.kwargs.get('db_column')) ?? (RELATION_FIELDS.has(info.kind) ? `${name}_id` : name);
  }

  /** The table of a relation's target: `to='shop.Customer'` -> shop_customer, `to='Customer'` -> this app's. */
  private targetOf(info: FieldInfo): string {
    const to = constantString(this.source, info.kwargs.get('to'));
    if (!to) return 'the referenced table';
    const [app, model] = to.includes('.') ? to.split('.', 2) : [this.app, to];
    return app ? `${app.toLowerCase()}_${(model ?? '').toLowerCase()}` : to.toLowerCase();
  }

  run(operations: Node): void {
    for (const element of named(unwrap(operations))) {
      const call = this.source.callAt(element);
      if (call) this.operation(call);
    }
  }

  private operation(call: Call): void {
    const arg = (i: number, keyword: string) => call.kwargs.get(keyword) ?? call.args[i];
    const str = (i: number, keyword: string) => constantString(this.source, arg(i, keyword));
    const model = str(0, 'model_name');
    const table = this.tableOf(model);
    const where = displayTable(table);
    switch (call.name) {
      case 'SeparateDatabaseAndState': {
        const database = arg(0, 'database_operations');
        if (database) this.run(database);
        return;
      }
      case 'CreateModel': {
        const name = str(0, 'name') ?? '?';
        const options = arg(2, 'options');
        const dbTable = options && unwrap(options).type === 'dictionary'
          ? named(unwrap(options)).find((pair) => pair.type === 'pair' && constantString(this.source, field(pair, 'key')) === 'db_table')
          : undefined;
        const explicit = constantString(this.source, dbTable ? field(dbTable, 'value') : undefined);
        const created: TableRef = explicit ? { name: explicit } : this.tableOf(name);
        this.tables.set(name.toLowerCase(), created);
        this.log.createTable(created);
        const fields = arg(1, 'fields');
        for (const entry of named(fields ? unwrap(fields) : null)) {
          const [fieldName, definition] = named(unwrap(entry));
          this.money(constantString(this.source, fieldName), this.field(definition), entry, `CreateModel ${name}`);
        }
        return;
      }
      case 'AddField':
        this.addField(call, table, str(1, 'name') ?? '?', this.field(arg(2, 'field')));
        return;
      case 'AlterField': {
        const name = str(1, 'name') ?? '?';
        const info = this.field(arg(2, 'field'));
        const what = `AlterField ${model ?? '?'}.${name}`;
        if (!info || NO_COLUMN_FIELDS.has(info.kind)) return;
        const column = this.columnOf(name, info);
        this.money(column, info, call.node, what);
        this.log.issue(
          'alter-column-type',
          call.node,
          table,
          `${what} (${info.kind}) ${risk.alterType(column, table, false)}; changes to choices, help_text, validators or a larger max_length need no rewrite.`,
          `Check the SQL with manage.py sqlmigrate: for an ALTER COLUMN ... TYPE on a large table, add a new field, backfill it in batches, switch the code to it, then remove the old field.`,
        );
        // makemigrations writes preserve_default=False when it asked for a one-off default to make a nullable field NOT NULL.
        if (isFalse(call.kwargs.get('preserve_default')) && !isTrue(info.kwargs.get('null'))) {
          this.log.issue(
            'set-not-null',
            call.node,
            table,
            `${what} makes the field NOT NULL: Django fills existing NULLs and ${risk.setNotNull(column, table)}.`,
            `Backfill first, add AddConstraintNotValid(CheckConstraint(${name}__isnull=False)) and ValidateConstraint in a later migration, then this AlterField's SET NOT NULL skips the scan (PostgreSQL 12+).`,
          );
        }
        return;
      }
      case 'RemoveField': {
        const name = str(1, 'name') ?? '?';
        this.log.issue(
          'drop-column',
          call.node,
          table,
          `RemoveField ${model ?? '?'}.${name} ${risk.dropColumn(name, table)}.`,
          'Deploy code that no longer uses the field first (remove it from the model with SeparateDatabaseAndState(state_operations=[RemoveField(...)])), then drop the column in a later migration.',
        );
        return;
      }
      case 'RenameField': {
        const from = str(1, 'old_name') ?? '?';
        const to = str(2, 'new_name') ?? '?';
        this.log.issue(
          'rename-column',
          call.node,
          table,
          `RenameField ${model ?? '?'}.${from} -> ${to} ${risk.renameColumn(from, to, table)}.`,
          `Keep the column: rename the field with db_column='${from}' (a state-only change), or ${EXPAND_CONTRACT_RENAME.charAt(0).toLowerCase()}${EXPAND_CONTRACT_RENAME.slice(1)}`,
        );
        return;
      }
      case 'RenameModel': {
        const from = this.tableOf(str(0, 'old_name'));
        const to = str(1, 'new_name') ?? '?';
        this.log.issue(
          'rename-table',
          call.node,
          from,
          `RenameModel ${str(0, 'old_name') ?? '?'} -> ${to} ${risk.renameTable(from, to)}.`,
          `Set Meta.db_table = '${displayTable(from)}' on the renamed model so the rename only changes Django's state.`,
        );
        return;
      }
      case 'AddIndex':
        this.log.issue(
          'index-not-concurrent',
          call.node,
          table,
          `AddIndex on ${model ?? '?'} ${risk.indexNotConcurrent(table)}.`,
          'Use AddIndexConcurrently from django.contrib.postgres.operations, in a migration with atomic = False.',
        );
        return;
      case 'AddIndexConcurrently':
      case 'RemoveIndexConcurrently':
        if (this.tx !== null) {
          this.log.issue('concurrent-in-transaction', call.node, undefined, `${call.name} on ${model ?? '?'} ${risk.concurrentInTransaction(TRANSACTION.why)} (NotSupportedError).`, TRANSACTION.fix);
        }
        return;
      case 'AddConstraint': {
        const constraint = arg(1, 'constraint');
        const kind = typeName(this.source, constraint);
        const name = constantString(this.source, constraint ? this.source.callAt(constraint)?.kwargs.get('name') : undefined) ?? '';
        if (kind === 'CheckConstraint') {
          this.log.issue(
            'add-check-validating',
            call.node,
            table,
            `AddConstraint ${name || kind} on ${model ?? '?'} ${risk.checkValidating(table)}.`,
            'Use AddConstraintNotValid from django.contrib.postgres.operations, then ValidateConstraint in a later migration (SHARE UPDATE EXCLUSIVE, writes continue).',
          );
        } else if (kind === 'UniqueConstraint') {
          this.log.issue(
            'add-unique-not-concurrent',
            call.node,
            table,
            `AddConstraint ${name || kind} on ${model ?? '?'} ${risk.uniqueNotConcurrent('a UNIQUE constraint', table)}.`,
            `Build the index first with RunSQL("CREATE UNIQUE INDEX CONCURRENTLY ...") in a migration with atomic = False, then RunSQL("ALTER TABLE ${where} ADD CONSTRAINT ... UNIQUE USING INDEX ...") with the AddConstraint as its state_operations.`,
          );
        }
        return;
      }
      case 'AddConstraintNotValid': {
        const constraint = arg(1, 'constraint');
        const name = constantString(this.source, constraint ? this.source.callAt(constraint)?.kwargs.get('name') : undefined);
        if (name) this.log.notValid(name, table, 'check', this.tx);
        return;
      }
      case 'ValidateConstraint': {
        const name = str(1, 'name');
        if (name) this.log.validate(name, table, call.node, this.tx);
        return;
      }
      case 'RunSQL': {
        const sql = arg(0, 'sql');
        if (sql) this.runSql(sql);
        if (!given(arg(1, 'reverse_sql'))) {
          this.log.issue('missing-down-migration', call.node, undefined, 'RunSQL without reverse_sql is irreversible: migrating this app backwards stops here with IrreversibleError.', 'Pass reverse_sql that undoes it, or reverse_sql=migrations.RunSQL.noop when there is nothing to undo.');
        }
        return;
      }
      case 'RunPython':
        if (!given(arg(1, 'reverse_code'))) {
          this.log.issue('missing-down-migration', call.node, undefined, 'RunPython without reverse_code is irreversible: migrating this app backwards stops here with IrreversibleError.', 'Pass reverse_code that undoes it, or reverse_code=migrations.RunPython.noop when there is nothing to undo.');
        }
        return;
      default:
        return;
    }
  }

  /** RunSQL takes a string, or a list of strings and (sql, params) pairs. */
  private runSql(node: Node): void {
    const n = unwrap(node);
    if (n.type === 'list' || n.type === 'tuple') {
      for (const item of named(n)) {
        const inner = unwrap(item);
        this.runSql(inner.type === 'tuple' ? (named(inner)[0] ?? inner) : inner);
      }
      return;
    }
    const sql = hostString(this.source, n);
    if (sql) this.log.sql(sql, n, this.tx);
  }

  private money(name: string | undefined, info: FieldInfo | undefined, at: Node, what: string): void {
    if (!name || !info || !INEXACT_FIELDS.has(info.kind) || !looksLikeMoney(name)) return;
    this.log.issue('money-as-float', at, undefined, `${what} ${risk.money(name, `${info.kind} (double precision)`)}.`, `${MONEY_FIX} In Django: models.DecimalField(max_digits=12, decimal_places=2).`);
  }

  private addField(call: Call, table: TableRef, name: string, info: FieldInfo | undefined): void {
    if (!info || NO_COLUMN_FIELDS.has(info.kind)) return;
    const what = `AddField ${constantString(this.source, call.kwargs.get('model_name') ?? call.args[0]) ?? '?'}.${name} (${info.kind})`;
    const has = (keyword: string) => given(info.kwargs.get(keyword));
    const column = this.columnOf(name, info);
    this.money(column, info, call.node, what);
    if (!isTrue(info.kwargs.get('null')) && !has('default') && !has('db_default') && !isTrue(info.kwargs.get('primary_key')) && !AUTO_FIELDS.has(info.kind)) {
      this.log.issue(
        'add-column-not-null-no-default',
        call.node,
        table,
        `${what} ${risk.notNullNoDefault(column, table)} (Django fields are NOT NULL unless null=True).`,
        'Give the field a default (Django adds the column with it, then drops the database default; no rewrite since PostgreSQL 11) or db_default (Django 5.0+), or add it with null=True, backfill, then make it NOT NULL in a later migration.',
      );
    }
    const relation = RELATION_FIELDS.has(info.kind);
    if (relation && !isFalse(info.kwargs.get('db_constraint'))) {
      this.log.issue(
        'add-fk-validating',
        call.node,
        table,
        `${what} ${risk.fkValidating(table, this.targetOf(info))}.`,
        'Add the field with db_constraint=False, then RunSQL("ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID") and VALIDATE CONSTRAINT in a later migration (state_operations keep the model in sync).',
      );
    }
    const unique = isTrue(info.kwargs.get('unique')) || info.kind === 'OneToOneField';
    if (unique) {
      this.log.issue('add-unique-not-concurrent', call.node, table, `${what} ${risk.uniqueNotConcurrent('a UNIQUE constraint', table)}.`, 'Add the field without unique=True, build a unique index with CREATE UNIQUE INDEX CONCURRENTLY in a migration with atomic = False, then attach it as the constraint.');
    } else if ((relation && !isFalse(info.kwargs.get('db_index'))) || isTrue(info.kwargs.get('db_index'))) {
      this.log.issue('index-not-concurrent', call.node, table, `${what} ${risk.indexNotConcurrent(table)}.`, 'Add the field with db_index=False, then AddIndexConcurrently in a separate migration with atomic = False.');
    }
  }
}

function appLabel(file: string): string | undefined {
  return /(?:^|\/)([A-Za-z_][\w]*)\/migrations\/[^/]+\.py$/.exec(file.replace(/\\/g, '/'))?.[1];
}

export function extractDjango(source: SourceFile, file: string): Extraction {
  const migration = source.ofType('class_definition').find((c) => /(?:^|\.)Migration$/.test(named(field(c, 'superclasses'))[0]?.text ?? ''));
  const body = migration ? named(field(migration, 'body')) : [];
  const assigned = (name: string) =>
    body.flatMap((s) => named(s)).find((a) => a.type === 'assignment' && field(a, 'left')?.text === name)?.childForFieldName('right') ?? undefined;
  const atomic = !isFalse(assigned('atomic'));
  const reader = new DjangoMigration(source, appLabel(file), atomic ? 1 : null);
  const operations = assigned('operations');
  if (operations) reader.run(operations);
  return { events: reader.log.events, transaction: TRANSACTION };
}
