import fs from 'node:fs';
import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics.ts';

/** Nothing this plugin ships is anywhere near this; a larger "markdown" file is a mistake or an attack. */
export const MAX_TEXT_BYTES = 1024 * 1024;

export interface TextFile {
  /** Path relative to the plugin root, with forward slashes. */
  rel: string;
  abs: string;
  text: string;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** Reads a plugin text file, refusing what Claude Code would misread or what should never ship. */
export function readText(root: string, rel: string): Loaded<TextFile> {
  const abs = path.join(root, rel);
  const at = { file: rel };
  let bytes: Buffer;
  try {
    const stat = fs.statSync(abs);
    if (stat.size > MAX_TEXT_BYTES) {
      return fail(diag('file-too-large', at, `${rel} is ${stat.size} bytes; text files are limited to ${MAX_TEXT_BYTES} bytes`, 'split the file or move the data out of the plugin'));
    }
    bytes = fs.readFileSync(abs);
  } catch (error) {
    return fail(diag('file-unreadable', at, `cannot read ${rel}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'check that the file exists and is readable'));
  }
  const nul = bytes.indexOf(0);
  let text: string;
  try {
    if (nul !== -1) throw new Error('NUL');
    text = utf8.decode(bytes);
  } catch {
    return fail(diag('file-binary', at, `${rel} is not UTF-8 text${nul !== -1 ? ` (NUL byte at offset ${nul})` : ''}`, 'save it as UTF-8 text, or keep binary files out of text locations'));
  }
  const problems: Diagnostic[] = [];
  if (text.charCodeAt(0) === 0xfeff) {
    problems.push(diag('file-bom', at, `${rel} starts with a UTF-8 byte order mark, which hides the frontmatter from strict parsers`, 'save the file as UTF-8 without BOM'));
  }
  const crlf = text.indexOf('\r\n');
  if (crlf !== -1) {
    problems.push(diag('file-crlf', { file: rel, ...lineColAt(text, crlf) }, `${rel} uses CRLF line endings`, 'convert to LF (git config core.autocrlf false; dos2unix)'));
  }
  return problems.length ? { ok: false, diagnostics: problems } : { ok: true, value: { rel, abs, text } };
}

function fail(d: Diagnostic): Loaded<never> {
  return { ok: false, diagnostics: [d] };
}
