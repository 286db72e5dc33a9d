import fs from 'node:fs';
import path from 'node:path';
import { analyzeSource } from '../analyzers/code/analyze.ts';
import { languageForPath } from '../analyzers/code/grammars.ts';
import { bySeverityThenLocation, type AnalyzerResult, type Finding } from '../analyzers/finding.ts';
import { reviewDiff } from '../analyzers/review.ts';
import { detectMigration, lintMigration } from '../analyzers/migrations/index.ts';
import { lintSql } from '../analyzers/sql/index.ts';

/** More files than a review can usefully read: the reviewer is told to narrow the path. */
const MAX_FILES = 500;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'vendor', '.venv', 'venv', '__pycache__']);

/** Findings on the added lines of a diff; files are read from the repository root when they still match it. */
export function analyzeDiff(diff: string, repoRoot: string): Promise<AnalyzerResult> {
  const inside = (rel: string) => {
    const abs = path.resolve(repoRoot, rel);
    return abs === path.resolve(repoRoot) || abs.startsWith(path.resolve(repoRoot) + path.sep) ? abs : undefined;
  };
  return reviewDiff(diff, {
    readFile: (rel) => {
      const abs = inside(rel);
      return abs ? fs.readFileSync(abs, 'utf8') : undefined;
    },
    listDir: (rel) => {
      const abs = inside(rel || '.');
      return abs ? fs.readdirSync(abs) : [];
    },
  });
}

/** Findings on whole files, for reviewing paths as they are. */
export async function analyzePaths(paths: readonly string[], cwd: string): Promise<AnalyzerResult<{ truncated: boolean }>> {
  const files: string[] = [];
  const walk = (rel: string) => {
    if (files.length >= MAX_FILES) return;
    const abs = path.resolve(cwd, rel);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) if (!SKIP_DIRS.has(name)) walk(path.join(rel, name));
    } else if (stat.isFile() && (languageForPath(rel) || rel.toLowerCase().endsWith('.sql'))) files.push(rel);
  };
  paths.forEach(walk);
  const findings: Finding[] = [];
  let createdTables: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
    const result = file.toLowerCase().endsWith('.sql') ? await lintSql(text, { file, createdTables }) : await analyzeSource(text, { file });
    if (!result.ok) continue;
    findings.push(...result.findings);
    if ('createdTables' in result) createdTables = [...createdTables, ...(result.createdTables as string[])];
    if (detectMigration(file, text)) {
      const migration = await lintMigration(text, { file, createdTables });
      if (migration.ok) {
        findings.push(...migration.findings);
        createdTables = [...createdTables, ...migration.createdTables];
      }
    }
  }
  return { ok: true, findings: findings.sort(bySeverityThenLocation), truncated: files.length >= MAX_FILES };
}
