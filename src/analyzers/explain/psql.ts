/**
 * Undoes what psql (and copying from a result grid) wraps around a plan: the column header and its dashes
 * line, the "(N rows)" footer, border characters, the "+" (or "↵") that marks a line continued inside one
 * result cell, and quotes some clients put around each copied row. Every kept line remembers its line in
 * the original input, so findings point at what the user pasted.
 */
export interface SourceLine {
  text: string;
  /** 1-based line in the original input. */
  line: number;
}

/** A header separator or table border: dashes, optionally with psql's corner characters (ASCII or unicode). */
const DASHES = /^\s*[+┌├└]?[-─]{3,}[-+─┼┬┴┐┤┘]*\s*$/;
const ROWS_FOOTER = /^\s*\(\d+ rows?\)\s*$/;
const PSQL_TIMING = /^\s*Time: \d+(\.\d+)? ms/;
const continues = (text: string): boolean => text.endsWith('+') || text.endsWith('↵');
/** Where a psql session echo or column header may precede the dashes line. */
const HEADER_SEARCH_LINES = 10;

export function unwrapPsql(input: string): SourceLine[] {
  const raw = input.split(/\r\n|\r|\n/);
  let dashes = raw.slice(0, HEADER_SEARCH_LINES).findIndex((text) => DASHES.test(text));
  // With \pset border 2 the header sits between a top border and the separator.
  if (dashes >= 0 && DASHES.test(raw[dashes + 2] ?? '') && !DASHES.test(raw[dashes + 1] ?? '')) dashes += 2;

  const lines: SourceLine[] = [];
  for (let i = dashes + 1; i < raw.length; i++) {
    const text = raw[i]!.trimEnd();
    if (!ROWS_FOOTER.test(text) && !PSQL_TIMING.test(text) && !DASHES.test(text)) lines.push({ text, line: i + 1 });
  }
  const nonEmpty = lines.filter((l) => l.text.trim() !== '');
  const rewrite = (edit: (text: string) => string): void => {
    for (const l of lines) l.text = edit(l.text);
  };
  if (nonEmpty.length > 0 && nonEmpty.every((l) => /^\s*[|│]/.test(l.text) && /[|│]$/.test(l.text))) {
    rewrite((text) => text.replace(/^\s*[|│]/, '').replace(/[|│]$/, '').trimEnd());
  }
  // One multi-line cell: all but its last line end in the continuation mark.
  const continued = nonEmpty.filter((l) => continues(l.text)).length;
  if (continued > 0 && continued >= (nonEmpty.length - 1) / 2) rewrite((text) => (continues(text) ? text.slice(0, -1).trimEnd() : text));
  if (nonEmpty.length > 0 && nonEmpty.every((l) => /^\s*".*"$/.test(l.text))) rewrite((text) => text.replace(/^(\s*)"(.*)"$/, '$1$2').replace(/""/g, '"'));
  return lines;
}
