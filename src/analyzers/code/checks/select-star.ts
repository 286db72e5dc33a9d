import type { Check } from '../check.ts';
import { looksLikeSql } from '../sql.ts';

/** `SELECT *` in SQL written in code: it ships unused columns and silently changes when the table does; `EXISTS (SELECT * ...)` is fine. */

const STAR = /\bselect\s+(distinct\s+)?([\w"`]+\.)?\*\s*(,|\bfrom\b)/gi;
const STRING_TYPES = ['string', 'template_string', 'interpreted_string_literal', 'raw_string_literal'];

export const selectStar: Check = (source) =>
  source.ofType(...STRING_TYPES).flatMap((node) => {
    const text = node.text;
    if (!looksLikeSql(text)) return [];
    const found = [];
    STAR.lastIndex = 0;
    for (let m = STAR.exec(text); m; m = STAR.exec(text)) {
      if (/exists\s*\(\s*$/i.test(text.slice(0, m.index))) continue;
      const before = text.slice(0, m.index);
      const row = node.startPosition.row + (before.match(/\n/g)?.length ?? 0);
      const column = before.includes('\n') ? m.index - before.lastIndexOf('\n') : node.startPosition.column + m.index + 1;
      found.push({
        rule: 'select-star' as const,
        at: [{ line: row + 1, column }, node],
        message: 'SELECT * fetches every column, including ones added later; the result shape changes with the table.',
        fix: 'Name the columns the code uses.',
      });
    }
    return found;
  });
