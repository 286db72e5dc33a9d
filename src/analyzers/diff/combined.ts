import type { DiffFile, DiffLine } from './parse.ts';

/**
 * Combined diffs (`diff --cc` during a merge conflict, `git show` of a merge) carry one marker column per parent.
 * jsdiff does not read them, so they are parsed here. A line counts as added when the first column is `+`: it is new
 * relative to the first parent, the branch being merged into, which is what a reviewer of the merge sees as changed.
 */
export function parseCombinedChunk(text: string): DiffFile {
  const lines = text.split('\n');
  const header = lines[0] ?? '';
  let newPath: string | null = unquoteCPath(header.replace(/^diff --(cc|combined) /, ''));
  const addedLines: DiffLine[] = [];
  const contextLines: DiffLine[] = [];
  let parents = 0;
  let line = 0;
  for (const raw of lines.slice(1)) {
    const hunk = /^(@{3,}) .*?\+(\d+)(?:,\d+)? \1/.exec(raw);
    if (hunk) {
      parents = (hunk[1]?.length ?? 3) - 1;
      line = Number(hunk[2]);
      continue;
    }
    if (parents === 0) {
      if (raw.startsWith('+++ ')) {
        const name = unquoteCPath(raw.slice(4).replace(/\t.*$/, ''));
        newPath = name === '/dev/null' ? null : name.replace(/^[biw]\//, '');
      }
      continue;
    }
    const markers = raw.slice(0, parents);
    if (markers.length < parents || /[^ +-]/.test(markers)) continue;
    if (markers.includes('-')) continue;
    const entry = { line: Math.max(line, 1), text: stripCR(raw.slice(parents)) };
    (markers.startsWith('+') ? addedLines : contextLines).push(entry);
    line++;
  }
  return { oldPath: newPath, newPath, status: newPath === null ? 'deleted' : 'modified', addedLines, contextLines };
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Git quotes a path with special characters like a C string, with octal escapes for the bytes of UTF-8 text. */
export function unquoteCPath(name: string): string {
  if (!(name.length >= 2 && name.startsWith('"') && name.endsWith('"'))) return name;
  const bytes: number[] = [];
  const body = name.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? '';
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0];
    if (octal !== undefined) {
      bytes.push(parseInt(octal, 8) & 0xff);
      i += octal.length;
      continue;
    }
    const next = body[i + 1] ?? '';
    bytes.push(SIMPLE_ESCAPES[next] ?? next.charCodeAt(0));
    i++;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Diffs of CRLF files (or diffs saved with CRLF) keep a carriage return at the end of each line. */
export function stripCR(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
