import { z } from 'zod';
import { bySeverityThenLocation, safelyAsync, type AnalyzerResult, type Finding } from './finding.ts';
import { parseDiff, type DiffFile } from './diff/parse.ts';
import { analyzeSource, scanTextForSecrets } from './code/analyze.ts';
import { languageForPath } from './code/grammars.ts';
import { lintSql } from './sql/index.ts';
import { detectMigration, lintMigration } from './migrations/index.ts';

/**
 * Reviews a unified diff: each added or modified source file is analyzed whole (new content from `readFile`, usually
 * the working tree) or, without it, rebuilt from the hunks' context and added lines at their real line numbers.
 * SQL files get the schema and migration-safety rules; a table created by an earlier file of the same diff
 * counts as new for later ones. knex, alembic and Django migrations get the same migration rules on top of the code
 * rules, sharing that table list. Findings are kept only on added lines. Other text files are scanned for
 * secret tokens on their added lines.
 */

export const reviewOptionsSchema = z.object({
  /** New content of a repository-relative path, or undefined when it cannot be read. */
  readFile: z.custom<(path: string) => string | undefined>((v) => typeof v === 'function').optional(),
  grammarsDir: z.string().optional(),
  /** File names in a repository-relative folder, so a new NAME.up.sql can be checked for its NAME.down.sql. */
  listDir: z.custom<(dir: string) => string[]>((v) => typeof v === 'function').optional(),
});
export type ReviewOptions = z.infer<typeof reviewOptionsSchema>;

export function reviewDiff(diffText: string, options: ReviewOptions = {}): Promise<AnalyzerResult> {
  return safelyAsync(async (): Promise<AnalyzerResult> => {
    const parsedOptions = reviewOptionsSchema.safeParse(options);
    if (!parsedOptions.success) return { ok: false, error: { code: 'invalid-argument', message: 'readFile must be a function and grammarsDir a string' } };
    const diff = parseDiff(diffText);
    if (!diff.ok) return diff;
    const { readFile, grammarsDir, listDir } = parsedOptions.data;
    const findings: Finding[] = [];
    let createdTables: string[] = [];
    // Migration sets are ordered by file name; read SQL in that order so earlier CREATE TABLEs count.
    const files = [...diff.files].sort((a, b) => (a.newPath ?? '').localeCompare(b.newPath ?? ''));
    for (const file of files) {
      const path = file.newPath;
      if (path === null || file.status === 'deleted' || file.status === 'binary' || file.addedLines.length === 0) continue;
      const lines = new Set(file.addedLines.map((l) => l.line));
      const content = currentContent(file, readSafely(readFile, path));
      if (path.toLowerCase().endsWith('.sql')) {
        findings.push(...scanTextForSecrets(content, path, lines));
        const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        const inDiff = diff.files.flatMap((f) => (f.newPath && f.newPath.startsWith(dir ? `${dir}/` : '') && !f.newPath.slice(dir ? dir.length + 1 : 0).includes('/') ? [f.newPath.slice(dir ? dir.length + 1 : 0)] : []));
        const siblings = [...new Set([...listSafely(listDir, dir), ...inDiff])];
        const sql = await lintSql(content, { file: path, createdTables, siblings });
        // SQL that does not parse (templated, another dialect) is skipped rather than failing the review.
        if (sql.ok) {
          findings.push(...sql.findings.filter((f) => lines.has(f.line)));
          createdTables = [...createdTables, ...sql.createdTables];
        }
        continue;
      }
      if (!languageForPath(path)) {
        findings.push(...scanTextForSecrets(content, path, lines));
        continue;
      }
      const result = await analyzeSource(content, { file: path, lines, ...(grammarsDir !== undefined ? { grammarsDir } : {}) });
      // A file too large to analyze is skipped; a grammar that cannot load stops the review with its error.
      if (!result.ok && result.error.code !== 'input-too-large') return result;
      if (result.ok) findings.push(...result.findings);
      if (detectMigration(path, content)) {
        const migration = await lintMigration(content, { file: path, lines, createdTables, ...(grammarsDir !== undefined ? { grammarsDir } : {}) });
        if (migration.ok) {
          findings.push(...migration.findings);
          createdTables = [...createdTables, ...migration.createdTables];
        }
      }
    }
    return { ok: true, findings: findings.sort(bySeverityThenLocation) };
  });
}

function listSafely(listDir: ((dir: string) => string[]) | undefined, dir: string): string[] {
  try {
    return listDir?.(dir) ?? [];
  } catch {
    return [];
  }
}

/** A file that cannot be read (deleted since, unreadable) falls back to the hunks. */
function readSafely(readFile: ((path: string) => string | undefined) | undefined, path: string): string | undefined {
  try {
    return readFile?.(path);
  } catch {
    return undefined;
  }
}

/** The working-tree text when it matches the diff's added lines, else the text rebuilt from the hunks. */
function currentContent(file: DiffFile, fromDisk: string | undefined): string {
  if (typeof fromDisk === 'string') {
    const lines = fromDisk.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    if (file.addedLines.every((added) => lines[added.line - 1] === added.text)) return fromDisk;
  }
  const last = Math.max(...file.addedLines.map((l) => l.line), ...file.contextLines.map((l) => l.line));
  const rebuilt: string[] = new Array<string>(last).fill('');
  for (const { line, text } of [...file.contextLines, ...file.addedLines]) rebuilt[line - 1] = text;
  return rebuilt.join('\n');
}
