import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { AnalyzerError } from '../../../src/analyzers/finding.ts';

export const FIXTURE_ROOT = join(import.meta.dirname, '../../fixtures/analyzers/openapi');

export interface Expected {
  rule: string;
  line: number;
}

export interface Fixture {
  name: string;
  text: string;
  options: { file: string; baseDir: string };
  /** From `# expect: rule-a, rule-b` at the end of a line. */
  expected: Expected[];
  /** From `# expect-error: code [line N]` in a fixture of inputs/. */
  expectedError?: Pick<AnalyzerError, 'code' | 'line'>;
}

function readFixture(path: string): Fixture {
  const text = readFileSync(path, 'utf8');
  const expected: Expected[] = [];
  let expectedError: Fixture['expectedError'];
  text.split('\n').forEach((line, index) => {
    const marker = /# expect: (.+)$/.exec(line);
    if (marker) for (const rule of (marker[1] ?? '').split(',')) expected.push({ rule: rule.trim(), line: index + 1 });
    const error = /# expect-error: (\S+)(?: line (\d+))?/.exec(line);
    if (error) expectedError = { code: error[1] as AnalyzerError['code'], ...(error[2] ? { line: Number(error[2]) } : {}) };
  });
  return {
    name: relative(FIXTURE_ROOT, path),
    text,
    options: { file: basename(path), baseDir: dirname(path) },
    expected,
    ...(expectedError ? { expectedError } : {}),
  };
}

/** Documents directly inside a fixture folder (sub-folders hold referenced parts). */
function documentsIn(folder: string): string[] {
  return readdirSync(folder)
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile() && /\.(ya?ml|json)$/.test(path))
    .sort();
}

export function loadFixtures(): Fixture[] {
  const ruleFolders = readdirSync(join(FIXTURE_ROOT, 'rules')).map((rule) => join(FIXTURE_ROOT, 'rules', rule));
  return [FIXTURE_ROOT, ...ruleFolders, join(FIXTURE_ROOT, 'refs'), join(FIXTURE_ROOT, 'inputs')].flatMap(documentsIn).map(readFixture);
}

export function byLocation(a: Expected, b: Expected): number {
  return a.line - b.line || a.rule.localeCompare(b.rule);
}
