import type { Node } from 'web-tree-sitter';
import type { Candidate, Check } from '../check.ts';
import { chainTop, isDatabaseCall } from '../queries.ts';
import { enclosingHandler } from '../routes.ts';
import { SINGLE_ROW_METHODS, sqlArgument } from '../sql.ts';
import { field, named, stringValue, unwrap, type Call, type SourceFile } from '../syntax.ts';

/**
 * A request handler that lists a whole table: the response grows with the data until it times out or exhausts memory.
 * Covers SQL without LIMIT, `.find({})`/`findMany()`/`findAll()` without a limit, `.all()` on a Django/SQLAlchemy query,
 * and gorm `Find` without `Limit`. Single-row lookups (by id, aggregates, QueryRow, fetchone) are bounded already.
 */

const FIX = 'Paginate: take a page size (with a maximum) and a cursor or offset from the request and add LIMIT/take/limit() to the query.';
const LIMITED_CHAIN = /\.(limit|Limit|take|paginate|Paginate|page|Page|first|First|one|single|slice|Scopes)\s*\(|\[\s*\d*\s*:/;

export const unboundedQuery: Check = (source) => {
  const found: Candidate[] = [];
  for (const call of source.calls) {
    if (!enclosingHandler(source, call.node)) continue;
    const why = unbounded(source, call);
    if (why) found.push({ rule: 'unbounded-query', at: [call.node], message: `${why} in a request handler returns every matching row.`, fix: FIX });
  }
  return found;
};

function unbounded(source: SourceFile, call: Call): string | undefined {
  const sql = sqlArgument(source, call);
  if (sql) return SINGLE_ROW_METHODS.has(call.name) || !unboundedSelect(sql.info.text) || fetchesOne(source, call) ? undefined : `SQL without LIMIT passed to ${call.callee}()`;
  if (!isDatabaseCall(source, call) || LIMITED_CHAIN.test(queryText(source, call.node))) return undefined;
  const options = call.args[0] ? unwrap(call.args[0]) : undefined;
  switch (source.family) {
    case 'js':
      if (call.name === 'find' && (!options || (options.type === 'object' && named(options).length === 0))) return `${call.callee}(${options ? '{}' : ''}) without .limit()`;
      if (call.name === 'findMany' && !hasKey(options, 'take')) return `${call.callee}() without take`;
      if ((call.name === 'findAll' || call.name === 'findAndCountAll') && !hasKey(options, 'limit')) return `${call.callee}() without limit`;
      return undefined;
    case 'python':
      if (call.name !== 'all' || call.node.parent?.type === 'subscript' || inPaginator(call.node)) return undefined;
      return `${call.callee}() without a slice or .limit()`;
    case 'go':
      return call.name === 'Find' ? `${call.callee}() without Limit()` : undefined;
  }
}

/** The chain's text plus what its variables hold: `stmt = select(X).limit(n)` then `session.exec(stmt).all()`. */
function queryText(source: SourceFile, node: Node): string {
  const top = chainTop(node);
  const values = top.descendantsOfType('identifier').flatMap((id) => source.assignmentsBefore(id.text, id).map((a) => a.value.text));
  return [top.text, ...values].join('\n');
}

function hasKey(options: Node | undefined, key: string): boolean {
  if (!options || options.type !== 'object') return false;
  return named(options).some((pair) => (stringValue(field(pair, 'key')) ?? field(pair, 'key')?.text ?? pair.text) === key);
}

/** A SELECT ... FROM with no LIMIT/FETCH/TOP that is not a lookup by id or an aggregate. */
function unboundedSelect(sql: string): boolean {
  const select = /\bselect\s+([\s\S]*?)\s+from\b/i.exec(sql);
  if (!select) return false;
  if (/\b(limit|fetch\s+(first|next)|top\s*\(?\s*\d)/i.test(sql)) return false;
  if (/^\s*(count|sum|avg|min|max|exists)\s*\([^)]*\)\s*(as\s+\w+\s*)?$/i.test(select[1] ?? '')) return false;
  return !/\bwhere\b[\s\S]*?(^|[\s.("'`])id["'`]?\s*=/i.test(sql);
}

/** Python DB-API: the statement is followed by fetchone() in the same function. */
function fetchesOne(source: SourceFile, call: Call): boolean {
  return source.family === 'python' && /\.fetchone\s*\(/.test(source.scopeOf(call.node).text);
}

function inPaginator(node: Node): boolean {
  for (let p = node.parent; p && p.type !== 'function_definition'; p = p.parent) {
    if (p.type === 'call' && /paginat/i.test(field(p, 'function')?.text ?? '')) return true;
  }
  return false;
}
