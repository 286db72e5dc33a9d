import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlLintOptions } from '../../../src/analyzers/sql/index.ts';

/**
 * SQL fixtures describe themselves in comments:
 *   -- lint-options: {"pgVersion": 11}     options for lintSql (file and siblings are filled in)
 *   ... -- expect: rule-a, rule-b          findings expected on this line
 *   -- expect@N: rule                      a finding expected on line N
 *   -- expect-error@N: parse-error         the lint fails with this error code at line N
 */
export const FIXTURE_ROOT = fileURLToPath(new URL('../../fixtures/analyzers/sql/', import.meta.url));

export interface SqlFixture {
  /** Path relative to FIXTURE_ROOT, with forward slashes. */
  name: string;
  path: string;
  text: string;
  options: SqlLintOptions;
  expected: Array<{ rule: string; line: number }>;
  expectedError?: { code: string; line: number };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.sql') ? [join(dir, entry.name)] : []))
    .sort();
}

export function loadFixture(path: string): SqlFixture {
  const text = readFileSync(path, 'utf8');
  const name = relative(FIXTURE_ROOT, path).split('\\').join('/');
  const options: SqlLintOptions = { file: name, siblings: readdirSync(dirname(path)) };
  const expected: SqlFixture['expected'] = [];
  let expectedError: SqlFixture['expectedError'];
  text.split('\n').forEach((line, i) => {
    const opts = /--\s*lint-options:\s*(\{.*\})\s*$/.exec(line);
    if (opts?.[1]) Object.assign(options, JSON.parse(opts[1]));
    const error = /--\s*expect-error@(\d+):\s*([\w-]+)/.exec(line);
    if (error?.[1] && error[2]) expectedError = { code: error[2], line: Number(error[1]) };
    const expect = /--\s*expect(?:@(\d+))?:\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/.exec(line);
    if (expect?.[2]) {
      for (const rule of expect[2].split(',')) expected.push({ rule: rule.trim(), line: expect[1] ? Number(expect[1]) : i + 1 });
    }
  });
  return { name, path, text, options, expected, ...(expectedError ? { expectedError } : {}) };
}

export function loadFixtures(): SqlFixture[] {
  return walk(FIXTURE_ROOT).map(loadFixture);
}

export function byLocation(a: { rule: string; line: number }, b: { rule: string; line: number }): number {
  return a.line - b.line || a.rule.localeCompare(b.rule);
}
