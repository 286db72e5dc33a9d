import type { ColumnDef, Constraint, CreateStmt, Node, TypeName } from 'libpg-query';
import { type TableRef, TableSet, constraintsOf, displayTable, sameTable, stringsOf, tableRef, typeNameOf } from './ast.ts';
import type { LintContext, Statement } from './context.ts';

/** Schema-design rules: money-as-float, missing-primary-key, missing-timestamps, fk-without-index. */

const MONEY_WORDS = new Set([
  'price', 'amount', 'total', 'subtotal', 'cost', 'balance', 'fee', 'salary', 'wage', 'payment', 'revenue', 'tax',
  'discount', 'charge', 'refund', 'budget', 'income', 'expense', 'credit', 'debit', 'payout', 'fare', 'commission', 'money',
]);
// Words that make a money-ish name a quantity or ratio instead (tax_rate, total_count, price_weight).
const NOT_MONEY_WORDS = new Set([
  'count', 'qty', 'quantity', 'number', 'num', 'percent', 'percentage', 'pct', 'rate', 'ratio', 'score', 'weight', 'factor',
  'multiplier', 'point', 'hour', 'minute', 'second', 'day', 'duration', 'size', 'length', 'width', 'height', 'distance', 'version',
]);
const INEXACT_TYPES = new Set(['float4', 'float8', 'money']);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean)
    .map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
}

// Unquoted identifiers arrive lowercased (unitPrice -> unitprice), so a word may also end with a money word; short ones
// (fee, tax) must match whole to spare coffee and syntax.
function isMoneyWord(word: string): boolean {
  if (MONEY_WORDS.has(word)) return true;
  for (const money of MONEY_WORDS) if (money.length >= 4 && word.endsWith(money)) return true;
  return false;
}

export function looksLikeMoney(column: string): boolean {
  const words = nameWords(column);
  return words.some(isMoneyWord) && !words.some((w) => NOT_MONEY_WORDS.has(w));
}

const CREATED = new Set(['createdat', 'createdon', 'created', 'insertedat', 'createddate', 'createdtime', 'creationdate', 'createtime']);
const UPDATED = new Set(['updatedat', 'updatedon', 'updated', 'modifiedat', 'modifiedon', 'modified', 'lastmodified', 'lastmodifiedat', 'updateddate', 'updatedtime', 'updatetime']);

function timestampKind(column: string): 'created' | 'updated' | undefined {
  const key = column.toLowerCase().replace(/_/g, '');
  return CREATED.has(key) ? 'created' : UPDATED.has(key) ? 'updated' : undefined;
}

interface ForeignKey {
  table: TableRef;
  columns: string[];
  references: string;
  index: number;
}

interface CreatedTable {
  table: TableRef;
  statement: Statement;
  create: CreateStmt;
  columns: string[];
  pkColumns: Set<string>;
  fkColumns: Set<string>;
  hasPrimaryKey: boolean;
}

function checkMoney(ctx: LintContext, statement: Statement, column: string, type: TypeName | undefined, location: number | undefined): void {
  const typeName = typeNameOf(type);
  if (!INEXACT_TYPES.has(typeName) || !looksLikeMoney(column)) return;
  const why =
    typeName === 'money'
      ? 'the money type formats by the lc_monetary setting and has a fixed fraction, so values move wrongly between servers and currencies'
      : 'binary floating point cannot represent most decimal amounts (0.10 is stored approximately) and sums drift';
  ctx.report(
    'money-as-float',
    ctx.at(statement, location),
    `Column ${column} holds money but is typed ${typeName === 'float4' ? 'real' : typeName === 'float8' ? 'double precision' : 'money'}: ${why}.`,
    'Use numeric(12,2) (numeric(19,4) for rates and sub-cent amounts), or bigint minor units such as cents.',
  );
}

/** Collects the file's tables, foreign keys and index leading columns; reports money-as-float on the way. */
function collect(ctx: LintContext): { tables: CreatedTable[]; foreignKeys: ForeignKey[]; indexLeads: Map<string, TableSet> } {
  const tables: CreatedTable[] = [];
  const tablesByName = new Map<string, CreatedTable[]>();
  const foreignKeys: ForeignKey[] = [];
  /** Leading column of every index, primary key and unique constraint -> the tables that have one. */
  const indexLeads = new Map<string, TableSet>();

  const tableOf = (ref: TableRef): CreatedTable | undefined => tablesByName.get(ref.name.toLowerCase())?.find((t) => sameTable(t.table, ref));
  function addLead(table: TableRef, column: string): void {
    let set = indexLeads.get(column);
    if (!set) indexLeads.set(column, (set = new TableSet()));
    set.add(table);
  }

  function addConstraint(ref: TableRef, statement: Statement, c: Constraint, column?: ColumnDef): void {
    const keys = column?.colname ? [column.colname] : c.contype === 'CONSTR_FOREIGN' ? stringsOf(c.fk_attrs) : stringsOf(c.keys);
    const created = tableOf(ref);
    if (c.contype === 'CONSTR_PRIMARY') {
      if (created) {
        created.hasPrimaryKey = true;
        for (const key of keys) created.pkColumns.add(key);
      }
      if (keys[0]) addLead(ref, keys[0]);
    } else if (c.contype === 'CONSTR_UNIQUE' && keys[0]) {
      addLead(ref, keys[0]);
    } else if (c.contype === 'CONSTR_FOREIGN' && keys.length > 0) {
      const target = tableRef(c.pktable);
      foreignKeys.push({
        table: ref,
        columns: keys,
        references: target ? displayTable(target) : 'its parent',
        index: ctx.at(statement, column ? column.location : c.location),
      });
      if (created) for (const key of keys) created.fkColumns.add(key);
    }
  }

  function addColumn(ref: TableRef, statement: Statement, column: ColumnDef): void {
    if (!column.colname) return;
    checkMoney(ctx, statement, column.colname, column.typeName, column.location);
    tableOf(ref)?.columns.push(column.colname);
    for (const c of constraintsOf(column)) addConstraint(ref, statement, c, column);
  }

  for (const statement of ctx.statements) {
    if (statement.section?.direction === 'down') continue;
    const node: Node = statement.node;
    if ('CreateStmt' in node) {
      const create = node.CreateStmt;
      const ref = tableRef(create.relation);
      if (!ref) continue;
      const table: CreatedTable = { table: ref, statement, create, columns: [], pkColumns: new Set(), fkColumns: new Set(), hasPrimaryKey: false };
      tables.push(table);
      const key = ref.name.toLowerCase();
      tablesByName.set(key, [...(tablesByName.get(key) ?? []), table]);
      for (const element of create.tableElts ?? []) {
        if ('ColumnDef' in element) addColumn(ref, statement, element.ColumnDef);
        else if ('Constraint' in element) addConstraint(ref, statement, element.Constraint);
      }
    } else if ('AlterTableStmt' in node) {
      const ref = tableRef(node.AlterTableStmt.relation);
      if (!ref) continue;
      for (const cmdNode of node.AlterTableStmt.cmds ?? []) {
        if (!('AlterTableCmd' in cmdNode)) continue;
        const cmd = cmdNode.AlterTableCmd;
        const def = cmd.def;
        if (cmd.subtype === 'AT_AddColumn' && def && 'ColumnDef' in def) addColumn(ref, statement, def.ColumnDef);
        else if (cmd.subtype === 'AT_AddConstraint' && def && 'Constraint' in def) addConstraint(ref, statement, def.Constraint);
        else if (cmd.subtype === 'AT_AlterColumnType' && cmd.name && def && 'ColumnDef' in def)
          checkMoney(ctx, statement, cmd.name, def.ColumnDef.typeName, def.ColumnDef.location);
      }
    } else if ('IndexStmt' in node) {
      const ref = tableRef(node.IndexStmt.relation);
      const first = node.IndexStmt.indexParams?.[0];
      if (ref && first && 'IndexElem' in first && first.IndexElem.name) addLead(ref, first.IndexElem.name);
    }
  }
  return { tables, foreignKeys, indexLeads };
}

/** Tables whose columns are not fully known here, or that are not entities: partitions, LIKE/OF copies, temporary tables. */
function isOrdinaryTable(create: CreateStmt): boolean {
  if (create.relation?.relpersistence === 't' || create.partbound || create.ofTypename) return false;
  return !(create.tableElts ?? []).some((element) => 'TableLikeClause' in element);
}

/** A join table only links rows: at least two foreign-key columns and nothing else but key and timestamp columns. */
function isJoinTable(table: CreatedTable): boolean {
  return (
    table.fkColumns.size >= 2 &&
    table.columns.every((c) => table.fkColumns.has(c) || table.pkColumns.has(c) || timestampKind(c) !== undefined)
  );
}

export function checkSchema(ctx: LintContext): void {
  const { tables, foreignKeys, indexLeads } = collect(ctx);

  for (const table of tables) {
    if (!isOrdinaryTable(table.create)) continue;
    const name = displayTable(table.table);
    if (!table.hasPrimaryKey) {
      ctx.report(
        'missing-primary-key',
        table.statement.start,
        `Table ${name} has no primary key: rows cannot be addressed reliably, and UPDATE/DELETE fail on it once it is published for logical replication.`,
        'Add a key such as id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, or a PRIMARY KEY over the natural/composite key.',
      );
    }
    // Inheritance children receive their parent's columns, which are not visible here.
    if ((table.create.inhRelations ?? []).length > 0 || isJoinTable(table)) continue;
    const kinds = new Set(table.columns.map(timestampKind));
    const missing = [kinds.has('created') ? undefined : 'created_at', kinds.has('updated') ? undefined : 'updated_at'].filter((m) => m !== undefined);
    if (missing.length > 0) {
      ctx.report(
        'missing-timestamps',
        table.statement.start,
        `Table ${name} has no ${missing.join(' or ')} column: there is no record of when rows were written, for audits, debugging or incremental sync.`,
        `Add ${missing.map((m) => `${m} timestamptz NOT NULL DEFAULT now()`).join(' and ')}${missing.includes('updated_at') ? ' (kept current by the application or a trigger)' : ''}.`,
      );
    }
  }

  for (const fk of foreignKeys) {
    const indexed = fk.columns.some((column) => indexLeads.get(column)?.has(fk.table));
    if (indexed) continue;
    const table = displayTable(fk.table);
    const columns = fk.columns.join(', ');
    ctx.report(
      'fk-without-index',
      fk.index,
      `Foreign key ${table}(${columns}) -> ${fk.references} has no index leading with ${fk.columns.length > 1 ? 'one of its columns' : columns} in this file; PostgreSQL does not create one, so deletes and key updates on ${fk.references} and joins scan ${table}.`,
      `CREATE INDEX ON ${table} (${columns}) (CONCURRENTLY if the table already has rows); ignore this if an earlier migration created such an index.`,
    );
  }
}
