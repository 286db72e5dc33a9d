import type { Node } from 'web-tree-sitter';
import type { Call, SourceFile, StringInfo } from './syntax.ts';

/** Which calls run SQL, and which argument holds the statement. Shared by the injection and performance rules. */

/** Methods whose argument is always SQL text (raw escapes of query builders and ORMs). */
const RAW_SQL_METHODS = new Set([
  '$queryRawUnsafe', '$executeRawUnsafe', '$queryRaw', '$executeRaw', 'queryRawUnsafe', 'executeRawUnsafe',
  'raw', 'whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw', 'selectRaw', 'fromRaw',
  'unsafe', 'RawSQL', 'Raw',
]);
/** Calls that take SQL text: `text()` of SQLAlchemy, `literal()` of Sequelize. */
const RAW_SQL_CALLEES = /^((sqlalchemy|sa|sql)\.)?text$|^[Ss]equelize\.literal$|^sequelize\.literal$/;

/** Query-builder methods taking a condition or ordering, which are SQL fragments when given a string. */
const CONDITION_METHODS = new Set(['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving', 'orderBy', 'Where', 'Or', 'Not', 'Having', 'Order', 'Joins', 'Group']);

/** Methods that run a statement on a connection, cursor, pool or ORM session (node-postgres, mysql2, sqlite, DB-API, asyncpg, database/sql, sqlx, pgx, gorm). */
const QUERY_METHODS = new Set([
  'query', 'execute', 'exec', 'run', 'all', 'get', 'prepare', 'many', 'one', 'oneOrNone', 'manyOrNone', 'any', 'none',
  'executemany', 'executescript', 'fetch', 'fetchrow', 'fetchval', 'mogrify', 'read_sql', 'read_sql_query',
  'Query', 'QueryRow', 'QueryContext', 'QueryRowContext', 'Exec', 'ExecContext', 'Prepare', 'PrepareContext',
  'Select', 'Get', 'SelectContext', 'GetContext', 'NamedExec', 'NamedExecContext', 'NamedQuery', 'NamedQueryContext',
  'Queryx', 'QueryRowx', 'QueryxContext', 'QueryRowxContext', 'MustExec', 'MustExecContext',
]);

/** Methods that return at most one row. */
export const SINGLE_ROW_METHODS = new Set(['QueryRow', 'QueryRowContext', 'QueryRowx', 'QueryRowxContext', 'Get', 'GetContext', 'get', 'one', 'oneOrNone', 'fetchrow', 'fetchval', 'fetchone']);

const SQL_STATEMENT = /\b(select\b[\s\S]*?\bfrom\b|insert\s+into\b|update\s+[\w."`\[\]{}]+\s+set\b|delete\s+from\b|merge\s+into\b|(create|alter|drop)\s+(table|index|view)\b|truncate\s+table\b|with\s+\w+\s+as\s*\()/i;
const SQL_CONDITION = /(=|<|>|\blike\b|\bin\s*\(|\bbetween\b|\bis\s+(not\s+)?null\b|\basc\b|\bdesc\b)/i;

export function looksLikeSql(text: string): boolean {
  return SQL_STATEMENT.test(text);
}

export type SinkKind = 'raw' | 'condition' | 'query';

export function sqlSinkKind(call: Call): SinkKind | undefined {
  if (call.template !== null) return undefined;
  if (RAW_SQL_METHODS.has(call.name) || RAW_SQL_CALLEES.test(call.callee)) return 'raw';
  if (CONDITION_METHODS.has(call.name) && call.receiver !== null) return 'condition';
  if (QUERY_METHODS.has(call.name) && call.receiver !== null) return 'query';
  return undefined;
}

export interface SqlArgument {
  node: Node;
  info: StringInfo;
}

/** The argument holding the statement: the first string-like argument that is SQL for this kind of call. */
export function sqlArgument(source: SourceFile, call: Call): SqlArgument | undefined {
  const kind = sqlSinkKind(call);
  if (!kind) return undefined;
  const candidates = [...call.args.slice(0, 3), ...['sql', 'query', 'statement', 'stmt'].flatMap((k) => call.kwargs.get(k) ?? [])];
  for (const node of candidates) {
    const info = source.describe(node);
    if (!info) continue;
    const isSql = kind === 'raw' || looksLikeSql(info.text) || (kind === 'condition' && SQL_CONDITION.test(info.text));
    if (isSql) return { node, info };
  }
  return undefined;
}
