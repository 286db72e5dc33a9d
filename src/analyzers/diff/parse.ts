import { z } from 'zod';
import type { StructuredPatch } from 'diff';
// Only the patch parser: a third of the time of importing all of jsdiff, which matters for hooks that start per call.
import { parsePatch } from 'diff/lib/patch/parse.js';
import { safely, type AnalyzerResult } from '../finding.ts';
import { parseCombinedChunk, stripCR, unquoteCPath } from './combined.ts';

/** A unified diff as `git diff` prints it, reduced to what a reviewer needs: paths, status and new-side lines. */

/** About 20 MB of text: far above any reviewable change, low enough to keep memory bounded. */
export const MAX_DIFF_CHARS = 20_000_000;

export const diffLineSchema = z.object({
  /** 1-based line number in the new file. */
  line: z.number().int().min(1),
  text: z.string(),
});
export type DiffLine = z.infer<typeof diffLineSchema>;

export const diffStatusSchema = z.enum(['added', 'modified', 'deleted', 'renamed', 'binary']);

export const diffFileSchema = z.object({
  /** Repository-relative path before the change, without the a/ prefix; null for a new file. */
  oldPath: z.string().nullable(),
  /** Repository-relative path after the change, without the b/ prefix; null for a deleted file. */
  newPath: z.string().nullable(),
  status: diffStatusSchema,
  addedLines: z.array(diffLineSchema),
  /** Unchanged lines shown around the hunks, numbered in the new file: enough to rebuild the surrounding code. */
  contextLines: z.array(diffLineSchema),
  /** Git's `similarity index` for renames and copies, in percent. */
  similarity: z.number().int().min(0).max(100).optional(),
  oldMode: z.string().optional(),
  newMode: z.string().optional(),
});
export type DiffFile = z.infer<typeof diffFileSchema>;

const GIT_HEADER = /^diff --(git|cc|combined) /;

export function parseDiff(text: string): AnalyzerResult<{ files: DiffFile[] }> {
  return safely((): AnalyzerResult<{ files: DiffFile[] }> => {
    if (typeof text !== 'string') return { ok: false, error: { code: 'invalid-argument', message: 'diff text must be a string' } };
    if (text.length > MAX_DIFF_CHARS) {
      return { ok: false, error: { code: 'input-too-large', message: `diff is ${text.length} characters; the limit is ${MAX_DIFF_CHARS}` } };
    }
    if (text.trim() === '') return { ok: true, findings: [], files: [] };

    const files: DiffFile[] = [];
    for (const chunk of splitChunks(text)) {
      if (chunk.combined) {
        files.push(parseCombinedChunk(chunk.text));
        continue;
      }
      let patches: StructuredPatch[];
      try {
        patches = parsePatch(chunk.text);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'parse-error', message: `malformed diff: ${message}`, line: chunk.startLine } };
      }
      // jsdiff accepts a hunk header without numbers (`@@ -1 @@` cut short) and yields NaN line numbers.
      if (patches.some((p) => p.hunks.some((h) => !Number.isInteger(h.newStart) || !Number.isInteger(h.oldStart)))) {
        return { ok: false, error: { code: 'parse-error', message: 'malformed diff: a hunk header has no line numbers', line: chunk.startLine } };
      }
      for (const patch of patches) {
        const file = toDiffFile(patch, chunk);
        if (file) files.push(file);
      }
    }
    if (files.length === 0) {
      return { ok: false, error: { code: 'unsupported-input', message: 'no file header or hunk found: the input is not a unified diff' } };
    }
    return { ok: true, findings: [], files };
  });
}

interface Chunk {
  text: string;
  /** 1-based line of the chunk's first line in the whole diff. */
  startLine: number;
  git: boolean;
  combined: boolean;
}

/**
 * Splits at `diff --git` / `diff --cc` headers so each file is parsed on its own: jsdiff drops combined hunks and does
 * not flag `GIT binary patch`, and a per-file chunk lets us see both. Text before the first header (a commit message
 * from `git show`, mail headers from `format-patch`) is ignored; a diff without git headers is parsed whole.
 */
function splitChunks(text: string): Chunk[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  lines.forEach((line, index) => {
    if (GIT_HEADER.test(line)) starts.push(index);
  });
  if (starts.length === 0) return [{ text, startLine: 1, git: false, combined: false }];
  return starts.map((start, i) => {
    const header = lines[start] ?? '';
    return {
      text: lines.slice(start, starts[i + 1] ?? lines.length).join('\n'),
      startLine: start + 1,
      git: true,
      combined: !header.startsWith('diff --git '),
    };
  });
}

function toDiffFile(patch: StructuredPatch, chunk: Chunk): DiffFile | undefined {
  const hasNames = patch.oldFileName !== undefined || patch.newFileName !== undefined;
  if (!hasNames && patch.hunks.length === 0) return undefined;
  const [oldPath, newPath] = stripPrefixes(cleanName(patch.oldFileName), cleanName(patch.newFileName), chunk.git);
  const isBinary = patch.isBinary === true || /^GIT binary patch$/m.test(chunk.text);
  const addedLines: DiffLine[] = [];
  const contextLines: DiffLine[] = [];
  for (const hunk of patch.hunks) {
    let line = hunk.newStart;
    for (const raw of hunk.lines) {
      const marker = raw[0];
      if (marker === '+' || marker === ' ') {
        const entry = { line: Math.max(line, 1), text: stripCR(raw.slice(1)) };
        (marker === '+' ? addedLines : contextLines).push(entry);
        line++;
      }
    }
  }
  const similarity = /^similarity index (\d{1,3})%$/m.exec(chunk.text)?.[1];
  const isCreate = patch.isCreate === true || (oldPath === null && newPath !== null);
  const isDelete = patch.isDelete === true || (newPath === null && oldPath !== null);
  const status = isBinary ? 'binary' : isCreate || patch.isCopy === true ? 'added' : isDelete ? 'deleted' : patch.isRename === true ? 'renamed' : 'modified';
  return {
    oldPath: isCreate && patch.isCopy !== true ? null : oldPath,
    newPath: isDelete ? null : newPath,
    status,
    addedLines,
    contextLines,
    ...(similarity !== undefined ? { similarity: Math.min(Number(similarity), 100) } : {}),
    ...(patch.oldMode !== undefined ? { oldMode: patch.oldMode } : {}),
    ...(patch.newMode !== undefined ? { newMode: patch.newMode } : {}),
  };
}

function cleanName(name: string | undefined): string | null {
  if (name === undefined || name === '' || name === '/dev/null') return null;
  // jsdiff unquotes C-style names itself; a name it left quoted (odd spacing) is unquoted here.
  return name.startsWith('"') ? unquoteCPath(name) : name;
}

/** Git's default prefixes (a/ b/) and its `diff.mnemonicPrefix` ones (c/ i/ o/ w/): stripped only in pairs. */
const OLD_PREFIX = /^[acio]\//;
const NEW_PREFIX = /^[biw]\//;

function stripPrefixes(oldName: string | null, newName: string | null, git: boolean): [string | null, string | null] {
  const oldHas = oldName === null || OLD_PREFIX.test(oldName);
  const newHas = newName === null || NEW_PREFIX.test(newName);
  // Without git headers (plain `diff -u`) only the classic a/ b/ pair is taken for a prefix.
  const plainPair = oldName?.startsWith('a/') === true && newName?.startsWith('b/') === true;
  if ((git && oldHas && newHas && (oldName !== null || newName !== null)) || plainPair) {
    return [oldName?.slice(2) ?? null, newName?.slice(2) ?? null];
  }
  return [oldName, newName];
}
