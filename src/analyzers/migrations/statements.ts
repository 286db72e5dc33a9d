/** Light checks on embedded SQL text before it is handed to the SQL lint. */

const LEADING_TRIVIA = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[^]*?\*\/)*/;

const STATEMENT_KEYWORDS = new Set([
  'alter', 'analyze', 'begin', 'cluster', 'comment', 'commit', 'create', 'delete', 'do', 'drop', 'end', 'grant', 'insert', 'lock', 'merge',
  'refresh', 'reindex', 'revoke', 'rollback', 'select', 'set', 'start', 'truncate', 'update', 'vacuum', 'with',
]);

function firstWord(sql: string): string {
  return /^[a-z]+/i.exec(sql.replace(LEADING_TRIVIA, ''))?.[0]?.toLowerCase() ?? '';
}

/** A whole statement rather than an expression fragment such as knex.raw('now()') given to defaultTo. */
export function isStatement(sql: string): boolean {
  return STATEMENT_KEYWORDS.has(firstWord(sql));
}

/** `COMMIT` (or END) on its own: the usual way to leave the tool's transaction, after which statements autocommit. */
export function isCommit(sql: string): boolean {
  return /^\s*(?:commit|end)(?:\s+(?:work|transaction))?\s*;?\s*$/i.test(sql.replace(LEADING_TRIVIA, ''));
}
