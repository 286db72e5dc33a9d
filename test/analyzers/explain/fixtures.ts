import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePlan, type AnalyzePlanOptions } from '../../../src/analyzers/explain/index.ts';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/analyzers/explain');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/** Every fixture path, relative to FIXTURES, e.g. "sort-spill/positive.txt". */
export function allFixtures(): string[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((p) => /\.(txt|json)$/.test(p)).sort();
}

/** Analyzes a fixture and fails the test if the analysis itself failed. */
export function analyzeFixture(path: string, options: AnalyzePlanOptions = {}) {
  const result = analyzePlan(fixture(path), { file: path, ...options });
  if (!result.ok) throw new Error(`${path}: ${result.error.code} ${result.error.message}`);
  return result;
}
