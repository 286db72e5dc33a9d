import type { Node } from 'web-tree-sitter';
import { type TableRef, displayTable } from '../sql/ast.ts';
import { looksLikeMoney } from '../sql/schema-rules.ts';
import { type SourceFile, field, named, unwrap } from '../code/syntax.ts';
import { EventLog, type Extraction, type Tx } from './events.ts';
import { constantString, hostString } from './literals.ts';
import { isStatement } from './statements.ts';
import { EXPAND_CONTRACT_RENAME, EXPAND_CONTRACT_TYPE, MONEY_FIX, code, risk } from './wording.ts';

/**
 * knex migrations (JavaScript or TypeScript): `exports.up`/`export async function up(knex)`, the schema builder
 * (createTable, alterTable/table, renameTable, withSchema) with its column and table methods, knex.raw and
 * schema.raw SQL, `exports.config = { transaction: false }` and the presence of a down function.
 * knex runs each migration in one transaction unless that config says otherwise.
 */

const FUNCTION_TYPES = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);
const CREATE_METHODS = new Set(['createTable', 'createTableIfNotExists', 'createTableLike']);
const ALTER_METHODS = new Set(['alterTable', 'table']);
const COLUMN_TYPES = new Set([
  'increments', 'bigIncrements', 'integer', 'bigInteger', 'bigint', 'tinyint', 'smallint', 'mediumint', 'text', 'string', 'float', 'double',
  'decimal', 'boolean', 'date', 'datetime', 'dateTime', 'time', 'timestamp', 'binary', 'enu', 'enum', 'json', 'jsonb', 'uuid', 'specificType',
  'geometry', 'geography', 'point',
]);
const FLOAT_TYPES: Record<string, string> = { float: 'real (knex float)', double: 'double precision (knex double)' };
const INEXACT_SQL_TYPE = /^\s*(real|float[48]?|double\s+precision|money)\s*$/i;

const TRANSACTION = {
  why: 'knex runs every migration in a transaction unless the file exports config = { transaction: false }',
  fix: 'Move it to its own migration file that exports config = { transaction: false }.',
};
const RAW_INDEX_FIX = "knex has no concurrent index builder: use knex.raw('CREATE INDEX CONCURRENTLY ...') in its own migration that exports config = { transaction: false }.";

interface Segment {
  name: string;
  args: Node[];
}

function isFunction(node: Node | null | undefined): node is Node {
  return !!node && FUNCTION_TYPES.has(node.type);
}

/** The method chain of a call, from the root outwards: `t.integer('x').notNullable()` -> root t, [integer, notNullable]. */
function chainOf(call: Node): { root: Node; segments: Segment[] } {
  const segments: Segment[] = [];
  let current = unwrap(call);
  while (current.type === 'call_expression') {
    const fn = field(current, 'function');
    const member = fn ? unwrap(fn) : null;
    if (member?.type !== 'member_expression') break;
    segments.unshift({ name: field(member, 'property')?.text ?? '', args: named(field(current, 'arguments')) });
    const object = field(member, 'object');
    if (!object) break;
    current = unwrap(object);
  }
  while (current.type === 'member_expression') {
    const object = field(current, 'object');
    if (!object) break;
    current = unwrap(object);
  }
  return { root: current, segments };
}

/** Outermost calls of chains: the call is not itself the receiver of a further method call. */
function isChainEnd(call: Node): boolean {
  const parent = call.parent;
  return !(parent?.type === 'member_expression' && field(parent, 'object')?.id === call.id);
}

function firstParamName(fn: Node): string | undefined {
  const single = field(fn, 'parameter');
  if (single?.type === 'identifier') return single.text;
  const first = named(field(fn, 'parameters'))[0];
  if (!first) return undefined;
  if (first.type === 'identifier') return first.text;
  const pattern = field(first, 'pattern') ?? field(first, 'left');
  return pattern?.type === 'identifier' ? pattern.text : undefined;
}

function isEmptyFunction(fn: Node): boolean {
  const body = field(fn, 'body');
  return body?.type === 'statement_block' && named(body).length === 0;
}

/** `{ transaction: false }` */
function disablesTransaction(node: Node | undefined): boolean {
  if (!node || unwrap(node).type !== 'object') return false;
  return named(unwrap(node)).some((pair) => pair.type === 'pair' && /^['"]?transaction['"]?$/.test(field(pair, 'key')?.text ?? '') && field(pair, 'value')?.type === 'false');
}

/** The migration's exported members (up, down, config): CommonJS exports, ESM exports, or an exported object. */
function exportedMembers(source: SourceFile): Map<string, { value: Node; at: Node }> {
  const members = new Map<string, { value: Node; at: Node }>();
  const declared = (name: string): Node | undefined => {
    const fn = source.ofType('function_declaration', 'generator_function_declaration').find((f) => field(f, 'name')?.text === name);
    if (fn) return fn;
    return source.ofType('variable_declarator').find((d) => field(d, 'name')?.text === name)?.childForFieldName('value') ?? undefined;
  };
  const resolve = (value: Node): Node => {
    const v = unwrap(value);
    return v.type === 'identifier' ? declared(v.text) ?? v : v;
  };
  const fromObject = (object: Node) => {
    for (const member of named(object)) {
      if (member.type === 'pair') {
        const key = field(member, 'key')?.text.replace(/^['"]|['"]$/g, '');
        const value = field(member, 'value');
        if (key && value) members.set(key, { value: resolve(value), at: member });
      } else if (member.type === 'method_definition') {
        const key = field(member, 'name')?.text;
        if (key) members.set(key, { value: member, at: member });
      } else if (member.type === 'shorthand_property_identifier') {
        members.set(member.text, { value: resolve(member), at: member });
      }
    }
  };
  for (const assignment of source.ofType('assignment_expression')) {
    const left = field(assignment, 'left')?.text.replace(/\s+/g, '');
    const right = field(assignment, 'right');
    if (!left || !right) continue;
    const name = /^(?:module\.)?exports\.(\w+)$/.exec(left)?.[1];
    if (name) members.set(name, { value: resolve(right), at: assignment });
    else if (left === 'module.exports' && unwrap(right).type === 'object') fromObject(unwrap(right));
  }
  for (const statement of source.ofType('export_statement')) {
    const declaration = field(statement, 'declaration');
    const value = field(statement, 'value');
    if (declaration && FUNCTION_TYPES.has(declaration.type)) {
      const name = field(declaration, 'name')?.text;
      if (name) members.set(name, { value: declaration, at: statement });
    } else if (declaration) {
      for (const d of declaration.descendantsOfType('variable_declarator')) {
        const name = field(d, 'name')?.text;
        const v = field(d, 'value');
        if (name && v) members.set(name, { value: resolve(v), at: statement });
      }
    } else if (value && unwrap(value).type === 'object') {
      fromObject(unwrap(value));
    }
  }
  return members;
}

class KnexMigration {
  readonly log = new EventLog();
  private readonly knexNames: Set<string>;

  constructor(
    private readonly source: SourceFile,
    private readonly up: Node,
    private readonly tx: Tx,
  ) {
    this.knexNames = new Set(['knex', firstParamName(up) ?? 'knex']);
  }

  private tableOf(node: Node | undefined, schema: string | undefined): TableRef {
    const name = constantString(this.source, node) ?? node?.text ?? '?';
    return schema ? { schema, name } : { name };
  }

  run(): void {
    // Builder calls rooted at knex, in execution order: a chain runs left to right, so order by the method name.
    const calls = this.source.calls
      .filter((c) => c.node.startIndex >= this.up.startIndex && c.node.endIndex <= this.up.endIndex)
      .map((c) => ({ call: c, chain: chainOf(c.node), order: field(field(c.node, 'function'), 'property')?.startIndex ?? c.node.startIndex }))
      .filter(({ chain }) => this.knexNames.has(chain.root.text))
      .sort((a, b) => a.order - b.order);
    for (const { call, chain } of calls) {
      const segments = chain.segments;
      const own = segments.at(-1);
      if (!own) continue;
      const viaSchema = /\.schema\b/.test(call.callee);
      const schema = constantString(this.source, segments.find((s) => s.name === 'withSchema')?.args[0]);
      if (own.name === 'raw') {
        const sql = hostString(this.source, call.args[0]);
        if (sql && isStatement(sql.text)) this.log.sql(sql, call.node, this.tx);
      } else if (viaSchema && (CREATE_METHODS.has(own.name) || ALTER_METHODS.has(own.name))) {
        const table = this.tableOf(call.args[0], schema);
        if (CREATE_METHODS.has(own.name)) this.log.createTable(table);
        const callback = call.args.find((a) => isFunction(unwrap(a)));
        if (callback) this.tableCallback(unwrap(callback), table);
      } else if (viaSchema && own.name === 'renameTable') {
        const from = this.tableOf(call.args[0], schema);
        const to = constantString(this.source, call.args[1]) ?? '?';
        this.log.issue('rename-table', call.node, from, `${code(`renameTable(${call.args.map((a) => a.text).join(', ')})`)} ${risk.renameTable(from, to)}.`, `Expand/contract: create ${to}, write to both, backfill, move reads, then drop ${displayTable(from)}; or rename and leave a view named ${displayTable(from)} until all code uses ${to}.`);
      }
    }
  }

  private tableCallback(fn: Node, table: TableRef): void {
    const param = firstParamName(fn);
    if (!param) return;
    const body = field(fn, 'body');
    if (!body) return;
    for (const node of body.descendantsOfType('call_expression')) {
      if (!isChainEnd(node)) continue;
      const chain = chainOf(node);
      if (chain.root.type !== 'identifier' || chain.root.text !== param) continue;
      this.tableMethod(node, chain.segments, table);
    }
  }

  private tableMethod(at: Node, segments: Segment[], table: TableRef): void {
    const [first, ...modifiers] = segments;
    if (!first) return;
    const has = (...names: string[]) => modifiers.some((m) => names.includes(m.name));
    const column = constantString(this.source, first.args[0]) ?? first.args[0]?.text ?? '?';
    const what = code(at.text);
    if (COLUMN_TYPES.has(first.name)) {
      this.columnMoney(at, first, column, what);
      const alter = modifiers.find((m) => m.name === 'alter');
      const nullability = modifiers.filter((m) => ['notNullable', 'notNull', 'nullable'].includes(m.name)).at(-1)?.name;
      const notNull = nullability === 'notNullable' || nullability === 'notNull';
      if (alter) {
        const options = alter.args[0] ? unwrap(alter.args[0]) : undefined;
        const option = (name: string) =>
          options?.type === 'object' && named(options).some((p) => p.type === 'pair' && field(p, 'key')?.text === name && field(p, 'value')?.type === 'false') ? false : true;
        if (option('alterType')) {
          this.log.issue(
            'alter-column-type',
            at,
            table,
            `${what}: knex .alter() re-issues ALTER COLUMN ${column} TYPE, and it ${risk.alterType(column, table, false)}.`,
            `If only nullability or the default changes, use .alter({ alterType: false }). For a real type change: ${EXPAND_CONTRACT_TYPE}`,
          );
        }
        if (option('alterNullable') && notNull) this.setNotNull(at, column, table, what);
        return;
      }
      const hasDefault = modifiers.some((m) => ['defaultTo', 'default', 'defaultsTo'].includes(m.name) && m.args[0]?.type !== 'null');
      const serial = first.name === 'increments' || first.name === 'bigIncrements';
      if ((notNull || has('primary')) && !hasDefault && !serial) {
        this.log.issue(
          'add-column-not-null-no-default',
          at,
          table,
          `${what} ${risk.notNullNoDefault(column, table)}.`,
          'Add .defaultTo(<constant>) (no table rewrite since PostgreSQL 11), or add the column nullable, backfill it in batches, then make it NOT NULL in a later migration through a validated CHECK.',
        );
      }
      if (has('references', 'inTable')) this.foreignKey(at, modifiers, table, what);
      if (has('index')) this.index(at, table, what);
      if (has('unique', 'primary')) this.unique(at, has('primary') ? 'a PRIMARY KEY' : 'a UNIQUE constraint', table, what);
      return;
    }
    switch (first.name) {
      case 'index':
        this.index(at, table, what);
        return;
      case 'unique':
      case 'primary':
        this.unique(at, first.name === 'primary' ? 'a PRIMARY KEY' : 'a UNIQUE constraint', table, what);
        return;
      case 'foreign':
        this.foreignKey(at, modifiers, table, what);
        return;
      case 'dropNullable':
        this.setNotNull(at, column, table, what);
        return;
      case 'dropColumn':
      case 'dropColumns':
        for (const arg of first.args) {
          const name = constantString(this.source, arg) ?? arg.text;
          this.log.issue(
            'drop-column',
            at,
            table,
            `${what} ${risk.dropColumn(name, table)}.`,
            `Deploy code that no longer reads or writes ${name} first, then drop it in a later migration.`,
          );
        }
        return;
      case 'renameColumn': {
        const to = constantString(this.source, first.args[1]) ?? '?';
        this.log.issue('rename-column', at, table, `${what} ${risk.renameColumn(column, to, table)}.`, EXPAND_CONTRACT_RENAME);
        return;
      }
      default:
    }
  }

  private columnMoney(at: Node, first: Segment, column: string, what: string): void {
    const declared = first.name === 'specificType' ? constantString(this.source, first.args[1]) : undefined;
    const type = FLOAT_TYPES[first.name] ?? (declared !== undefined && INEXACT_SQL_TYPE.test(declared) ? declared.trim() : undefined);
    if (type && looksLikeMoney(column)) this.log.issue('money-as-float', at, undefined, `${what} ${risk.money(column, type)}.`, `${MONEY_FIX} In knex: table.decimal('${column}', 12, 2).`);
  }

  private index(at: Node, table: TableRef, what: string): void {
    this.log.issue('index-not-concurrent', at, table, `${what} ${risk.indexNotConcurrent(table)}.`, RAW_INDEX_FIX);
  }

  private unique(at: Node, kind: string, table: TableRef, what: string): void {
    this.log.issue(
      'add-unique-not-concurrent',
      at,
      table,
      `${what} ${risk.uniqueNotConcurrent(kind, table)}.`,
      "knex.raw('CREATE UNIQUE INDEX CONCURRENTLY ...') in a migration with config = { transaction: false }, then knex.raw('ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX ...').",
    );
  }

  private foreignKey(at: Node, modifiers: Segment[], table: TableRef, what: string): void {
    const references = modifiers.find((m) => m.name === 'references');
    const inTable = modifiers.find((m) => m.name === 'inTable');
    const target = constantString(this.source, inTable?.args[0]) ?? constantString(this.source, references?.args[0])?.split('.').slice(0, -1).join('.');
    this.log.issue(
      'add-fk-validating',
      at,
      table,
      `${what} ${risk.fkValidating(table, target || 'the referenced table')}.`,
      "knex cannot add a foreign key NOT VALID: use knex.raw('ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID'), then knex.raw('ALTER TABLE ... VALIDATE CONSTRAINT ...') in a later migration (SHARE UPDATE EXCLUSIVE, writes continue).",
    );
  }

  private setNotNull(at: Node, column: string, table: TableRef, what: string): void {
    this.log.issue(
      'set-not-null',
      at,
      table,
      `${what} ${risk.setNotNull(column, table)}.`,
      `knex.raw('ALTER TABLE ... ADD CONSTRAINT ... CHECK (${column} IS NOT NULL) NOT VALID'), VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL skips the scan (PostgreSQL 12+); drop the CHECK afterwards.`,
    );
  }
}

export function extractKnex(source: SourceFile): Extraction {
  const members = exportedMembers(source);
  const up = members.get('up');
  if (!up || !isFunction(up.value)) return { events: [], transaction: TRANSACTION };
  const tx: Tx = disablesTransaction(members.get('config')?.value) ? null : 1;
  const migration = new KnexMigration(source, up.value, tx);
  migration.run();
  const down = members.get('down');
  if (!isEmptyFunction(up.value)) {
    if (!down) {
      migration.log.issue(
        'missing-down-migration',
        up.at,
        undefined,
        'This knex migration exports no down function: knex refuses to run it ("must have both an up and down function") and cannot roll it back.',
        'Export a down(knex) that undoes up (drop what it creates, re-add what it drops).',
      );
    } else if (isFunction(down.value) && isEmptyFunction(down.value)) {
      migration.log.issue('missing-down-migration', down.at, undefined, 'down() is empty: knex migrate:rollback reports success without undoing anything.', 'Undo the up function here, or throw an Error saying the migration is irreversible.');
    }
  }
  return { events: migration.log.events, transaction: TRANSACTION };
}
