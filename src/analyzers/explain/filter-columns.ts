/**
 * Reads the columns out of a deparsed condition such as
 * `((status = 'pending'::text) AND (created_at > '2024-01-01 00:00:00+00'::timestamp with time zone))`,
 * to suggest an index. Equality columns come first, as a multicolumn B-tree wants them.
 */
export interface FilterColumns {
  columns: string[];
  /** Functions applied in the condition (lower, date_trunc ...): a plain column index will not serve them. */
  functions: string[];
  /** An OR at any level: one composite index rarely serves it. */
  hasOr: boolean;
}

const NOT_COLUMNS = new Set([
  'and', 'or', 'not', 'is', 'null', 'true', 'false', 'any', 'all', 'some', 'array', 'in', 'like', 'ilike', 'similar', 'to',
  'between', 'symmetric', 'distinct', 'from', 'escape', 'case', 'when', 'then', 'else', 'end', 'exists', 'unknown', 'row',
  'current_date', 'current_timestamp', 'current_time', 'localtime', 'localtimestamp', 'current_user', 'session_user',
  'collate', 'at', 'time', 'zone', 'overlaps', 'hashed', 'subplan', 'initplan', 'returns', 'default', 'interval',
]);
/** An index suggestion needs the first few columns; a bound keeps hostile input from costing more. */
const MAX_CONDITION_CHARS = 4_000;
/** How far around a name to look for the "=" that makes it an equality column. */
const CONTEXT_CHARS = 40;
const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const NAME = new RegExp(String.raw`(?<![\w$."'])${IDENT}(?:\.${IDENT})*`, 'g');
const CAST = /::\s*(?:"(?:[^"]|"")+"|[A-Za-z_][\w.]*)(?:\s+(?:varying|precision|with(?:out)? time zone))?(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*/gi;

/** `owners`: the scanned relation's name and alias; a column qualified with any other name belongs to another table. */
export function filterColumns(condition: string, owners: readonly string[] = []): FilterColumns {
  const text = condition
    .slice(0, MAX_CONDITION_CHARS)
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(CAST, '')
    .replace(/\b(?:hashed )?(?:SubPlan|InitPlan) \d+\b/g, '')
    .replace(/\$\d+/g, '');
  const equality: string[] = [];
  const other: string[] = [];
  const functions: string[] = [];
  for (const match of text.matchAll(NAME)) {
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + CONTEXT_CHARS);
    const before = text.slice(Math.max(0, match.index - CONTEXT_CHARS), match.index);
    const parts = [...match[0].matchAll(new RegExp(IDENT, 'g'))].map((p) => unquote(p[0]));
    const name = parts[parts.length - 1]!;
    const qualifier = parts[parts.length - 2];
    if (NOT_COLUMNS.has(name.toLowerCase())) continue;
    if (/^\s*\(/.test(after)) {
      if (!functions.includes(name)) functions.push(name);
      continue;
    }
    if (qualifier !== undefined && owners.length > 0 && !owners.includes(qualifier)) continue;
    const bucket = /^\)*\s*=\s*[^>]/.test(after) || /(?<![<>!])=\s*\(*$/.test(before) ? equality : other;
    if (!equality.includes(name) && !other.includes(name)) bucket.push(name);
  }
  return { columns: [...equality, ...other], functions, hasOr: /\bOR\b/.test(text) };
}

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replace(/""/g, '"') : identifier;
}
