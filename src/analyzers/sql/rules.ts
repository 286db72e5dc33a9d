import type { RuleInfo } from '../finding.ts';

const PG = 'https://www.postgresql.org/docs/current';

/**
 * The SQL lint rules. Severity reflects the production impact named in each title:
 * high = an outage (a lock held for a scan or rewrite, a migration that always fails, running code that breaks),
 * medium = a slow query or fragile schema that still works, low = hygiene.
 */
const RULES = [
  // Schema design
  {
    id: 'money-as-float',
    severity: 'high',
    category: 'schema',
    title: 'Money column typed real/double precision/money: floats round amounts, money depends on lc_monetary; use numeric(p,s)',
    source: `${PG}/datatype-numeric.html#DATATYPE-FLOAT`,
  },
  {
    id: 'missing-primary-key',
    severity: 'medium',
    category: 'schema',
    title: 'CREATE TABLE without a primary key: rows cannot be addressed reliably and logical replication cannot replicate updates',
    source: `${PG}/ddl-constraints.html#DDL-CONSTRAINTS-PRIMARY-KEYS`,
  },
  {
    id: 'missing-timestamps',
    severity: 'low',
    category: 'schema',
    title: 'Entity table without created_at/updated_at: no audit trail or incremental sync (join tables are exempt)',
    source: `${PG}/datatype-datetime.html`,
  },
  {
    id: 'fk-without-index',
    severity: 'medium',
    category: 'performance',
    title: 'Foreign key column without an index leading with it: PostgreSQL does not create one, so parent deletes and joins scan the child',
    source: `${PG}/ddl-constraints.html#DDL-CONSTRAINTS-FK`,
  },
  {
    id: 'missing-down-migration',
    severity: 'low',
    category: 'migration',
    title: 'Migration without a down step (goose/dbmate section or .down.sql sibling): it cannot be rolled back by the tool',
    source: 'https://github.com/golang-migrate/migrate/blob/master/MIGRATIONS.md',
  },
  // Migration safety on existing tables
  {
    id: 'index-not-concurrent',
    severity: 'high',
    category: 'migration',
    title: 'CREATE INDEX without CONCURRENTLY on an existing table: a SHARE lock blocks all writes for the whole build',
    source: `${PG}/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY`,
  },
  {
    id: 'concurrent-in-transaction',
    severity: 'high',
    category: 'migration',
    title: 'CONCURRENTLY inside a transaction block: the statement always fails, so the migration never applies',
    source: `${PG}/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY`,
  },
  {
    id: 'add-column-not-null-no-default',
    severity: 'high',
    category: 'migration',
    title: 'ADD COLUMN ... NOT NULL without a DEFAULT: fails on any table that has rows',
    source: `${PG}/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-COLUMN`,
  },
  {
    id: 'add-column-rewrite',
    severity: 'high',
    category: 'migration',
    title: 'ADD COLUMN with a volatile default, identity, serial or stored generated column (any default before PG 11): rewrites the table under ACCESS EXCLUSIVE',
    source: `${PG}/sql-altertable.html#SQL-ALTERTABLE-NOTES`,
  },
  {
    id: 'add-fk-validating',
    severity: 'high',
    category: 'migration',
    title: 'ADD FOREIGN KEY without NOT VALID: SHARE ROW EXCLUSIVE on both tables blocks writes while every row is checked',
    source: `${PG}/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT`,
  },
  {
    id: 'add-check-validating',
    severity: 'high',
    category: 'migration',
    title: 'ADD CHECK without NOT VALID: ACCESS EXCLUSIVE blocks reads and writes while every row is checked',
    source: `${PG}/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT`,
  },
  {
    id: 'add-unique-not-concurrent',
    severity: 'high',
    category: 'migration',
    title: 'ADD UNIQUE/PRIMARY KEY without USING INDEX: the index is built under ACCESS EXCLUSIVE, blocking reads and writes',
    source: `${PG}/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX`,
  },
  {
    id: 'set-not-null',
    severity: 'high',
    category: 'migration',
    title: 'SET NOT NULL without a validated CHECK (col IS NOT NULL): full scan under ACCESS EXCLUSIVE, blocking reads and writes',
    source: `${PG}/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL`,
  },
  {
    id: 'alter-column-type',
    severity: 'high',
    category: 'migration',
    title: 'ALTER COLUMN TYPE: rewrites the table and its indexes under ACCESS EXCLUSIVE unless the change is binary-coercible',
    source: `${PG}/sql-altertable.html#SQL-ALTERTABLE-NOTES`,
  },
  {
    id: 'rename-column',
    severity: 'high',
    category: 'migration',
    title: 'RENAME COLUMN: every running query using the old name fails at once; expand/contract instead',
    source: `${PG}/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME`,
  },
  {
    id: 'rename-table',
    severity: 'high',
    category: 'migration',
    title: 'RENAME TABLE: every running query using the old name fails at once; expand/contract instead',
    source: `${PG}/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME`,
  },
  {
    id: 'drop-column',
    severity: 'medium',
    category: 'migration',
    title: 'DROP COLUMN: running code that still reads or writes the column breaks; safe only after the code stopped using it',
    source: `${PG}/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN`,
  },
] as const satisfies readonly RuleInfo[];

export type SqlRuleId = (typeof RULES)[number]['id'];

export const SQL_RULES: RuleInfo[] = [...RULES];

const byId = new Map<string, RuleInfo>(SQL_RULES.map((rule) => [rule.id, rule]));

export function sqlRule(id: SqlRuleId): RuleInfo {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown SQL rule ${id}`);
  return rule;
}
