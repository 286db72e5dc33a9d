import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';
import { lintSql } from '../../../src/analyzers/sql/index.ts';
import { FIXTURE_ROOT, type SqlFixture } from './fixtures.ts';

const SQUAWK = fileURLToPath(new URL('../../../node_modules/.bin/squawk', import.meta.url));

/**
 * Squawk rules with no counterpart in our lint (style, robustness and timeout advice): left out of the comparison.
 * Everything else squawk reports is compared.
 */
export const SQUAWK_UNCOMPARED = new Set([
  'prefer-robust-stmts',
  'require-timeout-settings',
  'require-lock-timeout',
  'require-statement-timeout',
  'prefer-bigint-over-int',
  'prefer-bigint-over-smallint',
  'prefer-identity',
  'prefer-text-field',
  'prefer-timestamp-tz',
]);

const squawkReportSchema = z.array(z.object({ file: z.string(), line: z.number().int().min(0), rule_name: z.string() }));

/** The squawk CLI flags a user of this fixture's migration tool would pass. */
export function squawkFlags(fixture: SqlFixture): string[] {
  const flags: string[] = [];
  // goose and dbmate wrap every migration in a transaction; squawk needs to be told.
  const toolWraps = /^--\s*(\+goose\s+up|migrate:up)\b/im.test(fixture.text);
  if (fixture.options.assumeInTransaction || toolWraps) flags.push('--assume-in-transaction');
  if (fixture.options.pgVersion !== undefined) flags.push(`--pg-version=${fixture.options.pgVersion}`);
  return flags;
}

/** `rule@line` (1-based), sorted: the cell format of docs/squawk-comparison.md. */
function cells(items: Array<{ rule: string; line: number }>): string[] {
  return [...new Set(items.map((i) => `${i.rule}@${i.line}`))].sort((a, b) => {
    const [ra, la] = a.split('@');
    const [rb, lb] = b.split('@');
    return Number(la) - Number(lb) || (ra ?? '').localeCompare(rb ?? '');
  });
}

/** Runs squawk once per distinct flag set (it is a native binary: ~0.1 s a run) and returns findings per fixture. */
export async function runSquawk(fixtures: SqlFixture[]): Promise<Map<string, string[]>> {
  const groups = new Map<string, SqlFixture[]>();
  for (const fixture of fixtures) {
    const key = squawkFlags(fixture).join(' ');
    groups.set(key, [...(groups.get(key) ?? []), fixture]);
  }
  const found = new Map<string, Array<{ rule: string; line: number }>>(fixtures.map((f) => [f.name, []]));
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const args = ['--reporter', 'json', '--no-error-on-unmatched-pattern', ...squawkFlags(group[0] as SqlFixture), ...group.map((f) => f.name)];
      // squawk exits 1 when it reports anything; the JSON on stdout is what counts.
      const stdout = await promisify(execFile)(SQUAWK, args, { cwd: FIXTURE_ROOT }).then(
        (r) => r.stdout,
        (error: { stdout?: string }) => error.stdout ?? '[]',
      );
      for (const item of squawkReportSchema.parse(JSON.parse(stdout || '[]'))) {
        if (SQUAWK_UNCOMPARED.has(item.rule_name)) continue;
        // squawk's lines are 0-based.
        found.get(item.file)?.push({ rule: item.rule_name, line: item.line + 1 });
      }
    }),
  );
  return new Map([...found].map(([name, items]) => [name, cells(items)]));
}

/** Our findings (or error code) for a fixture, in the same cell format. */
export async function runOurs(fixture: SqlFixture): Promise<string[]> {
  const result = await lintSql(fixture.text, fixture.options);
  if (!result.ok) return [`${result.error.code}@${result.error.line ?? 0}`];
  return cells(result.findings);
}
