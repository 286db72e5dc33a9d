import { type TableRef, displayTable } from '../sql/ast.ts';

/**
 * The risk half of each finding's message, in the SQL lint's terms, so that a knex, alembic or Django finding reads
 * like the SQL one for the statement the tool emits. The tool modules add what was written and the tool's own fix.
 */

const t = displayTable;

export const risk = {
  indexNotConcurrent: (table: TableRef) =>
    `builds an index on existing table ${t(table)} without CONCURRENTLY: the SHARE lock blocks INSERT, UPDATE and DELETE for the whole build`,
  concurrentInTransaction: (why: string) => `cannot run inside a transaction block, and ${why}: the migration fails every time`,
  notNullNoDefault: (column: string, table: TableRef) =>
    `adds NOT NULL column ${column} without a database default: it fails with "contains null values" as soon as ${t(table)} has rows`,
  fkValidating: (table: TableRef, parent: string) =>
    `adds a foreign key on existing table ${t(table)} that checks every row while ${t(table)} and ${parent} are locked against writes (SHARE ROW EXCLUSIVE)`,
  checkValidating: (table: TableRef) => `adds a CHECK on existing table ${t(table)} that checks every row under ACCESS EXCLUSIVE, blocking reads and writes`,
  uniqueNotConcurrent: (kind: string, table: TableRef) =>
    `adds ${kind} on existing table ${t(table)}: its index is built under ACCESS EXCLUSIVE, blocking reads and writes for the whole build`,
  validateSameTransaction: (name: string, kind: string, table: TableRef) =>
    `validates ${kind} ${name} in the same transaction that added it NOT VALID on ${t(table)}: the lock taken by ADD CONSTRAINT is held for the whole validation scan`,
  setNotNull: (column: string, table: TableRef) =>
    `sets column ${column} NOT NULL, which scans every row of existing table ${t(table)} under ACCESS EXCLUSIVE, blocking reads and writes`,
  alterType: (column: string, table: TableRef, certain: boolean) =>
    `${certain ? 'changes' : 'may change'} the type of column ${column}: a type change rewrites existing table ${t(table)} and rebuilds its indexes under ACCESS EXCLUSIVE, unless it only widens varchar(n) to a longer varchar or text, or raises numeric precision at the same scale`,
  renameColumn: (from: string, to: string, table: TableRef) =>
    `renames column ${from} of ${t(table)} to ${to}: running code still using ${from} fails until every instance is redeployed`,
  renameTable: (from: TableRef, to: string) => `renames table ${t(from)} to ${to}: running code still using ${t(from)} fails until every instance is redeployed`,
  dropColumn: (column: string, table: TableRef) =>
    `drops column ${column} of ${t(table)}: running code (and ORMs that select every column) still referencing it fails once this runs`,
  money: (column: string, type: string) =>
    `types money column ${column} as ${type}: binary floating point cannot represent most decimal amounts (0.10 is stored approximately) and sums drift`,
};

export const EXPAND_CONTRACT_TYPE = 'Expand/contract: add a new column of the new type, backfill it in batches, move reads and writes to it, then drop the old column.';
export const EXPAND_CONTRACT_RENAME = 'Expand/contract: add the new column, write both, backfill, move reads to it, then drop the old one in a later release.';
export const MONEY_FIX = 'Use an exact decimal type such as numeric(12,2) (numeric(19,4) for rates and sub-cent amounts), or integer minor units such as cents.';

/** Trims an expression's source to one short line for a message: `table.index(['email'])`. */
export function code(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
