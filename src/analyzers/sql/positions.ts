/**
 * Source positions for SQL text. libpg-query reports node locations as UTF-8 byte offsets and
 * syntax-error cursors as code-point offsets; findings need 1-based line/column of the JS string
 * (UTF-16 code units, as editors and LSP count them).
 */
export interface Position {
  /** 0-based index into the JS string. */
  index: number;
  line: number;
  column: number;
}

export interface SourceText {
  readonly text: string;
  /** Position of a UTF-8 byte offset. */
  atByte(byteOffset: number): Position;
  /** Position of a code-point offset (PostgreSQL's error cursor). */
  atCodePoint(codePointOffset: number): Position;
  atIndex(index: number): Position;
  /** JS index of a UTF-8 byte offset. */
  indexOfByte(byteOffset: number): number;
  /** The given 1-based line, without its line break. */
  lineText(line: number): string;
}

function utf8Length(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return 3;
}

export function sourceText(text: string): SourceText {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  // ASCII text (the common case) needs no byte table: a byte offset is the index.
  const ascii = !/[^\x00-\x7f]/.test(text);
  let bytesBefore: Uint32Array | undefined;

  function byteTable(): Uint32Array {
    if (bytesBefore) return bytesBefore;
    const table = new Uint32Array(text.length + 1);
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      table[i] = bytes;
      const code = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair is one 4-byte character; both halves map to its start.
        bytes += 4;
        table[++i] = bytes - 4;
      } else {
        bytes += utf8Length(code);
      }
    }
    table[text.length] = bytes;
    bytesBefore = table;
    return table;
  }

  function indexOfByte(byteOffset: number): number {
    if (byteOffset <= 0) return 0;
    if (ascii) return Math.min(byteOffset, text.length);
    const table = byteTable();
    // Last index whose start byte is <= the offset, skipping the low half of a surrogate pair.
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((table[mid] ?? 0) <= byteOffset) lo = mid;
      else hi = mid - 1;
    }
    while (lo > 0 && table[lo - 1] === table[lo]) lo--;
    return lo;
  }

  function atIndex(index: number): Position {
    const clamped = Math.max(0, Math.min(index, text.length));
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { index: clamped, line: lo + 1, column: clamped - (lineStarts[lo] ?? 0) + 1 };
  }

  function atCodePoint(codePointOffset: number): Position {
    let index = 0;
    for (let seen = 0; seen < codePointOffset && index < text.length; seen++) {
      const code = text.charCodeAt(index);
      index += code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
    }
    return atIndex(index);
  }

  function lineText(line: number): string {
    const start = lineStarts[line - 1];
    if (start === undefined) return '';
    const next = lineStarts[line];
    return text.slice(start, next === undefined ? text.length : next - 1).replace(/\r$/, '');
  }

  return { text, atByte: (b) => atIndex(indexOfByte(b)), atCodePoint, atIndex, indexOfByte, lineText };
}

/** Index of the first character at or after `index` that is not whitespace or a comment (PostgreSQL block comments nest). */
export function skipTrivia(text: string, index: number): number {
  let i = index;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else {
          i++;
        }
      }
    } else {
      break;
    }
  }
  return i;
}
