import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { runRuntime } from '../src/cli/runtime.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/cli');
const fixture = (name: string) => path.join(FIXTURES, name);
/** The official SARIF 2.1.0 schema, as Microsoft ships it. */
const requireCjs = createRequire(import.meta.url);
const SARIF_SCHEMA = requireCjs.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRuntime(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lint-sql', () => {
  test('--format json prints exactly {"findings": [...]} plus summary counts', async () => {
    const r = await cli('lint-sql', fixture('unsafe-migration.sql'), '--format', 'json');
    const json = JSON.parse(r.out) as { findings: { rule: string; line: number; severity: string; fix: string }[]; counts: Record<string, number> };
    expect(Object.keys(json).sort()).toEqual(['counts', 'findings']);
    expect(json.findings.map((f) => [f.rule, f.line])).toEqual([
      ['index-not-concurrent', 1],
      ['money-as-float', 2],
    ]);
    expect(json.findings.every((f) => f.fix.length > 0)).toBe(true);
  });

  test('exits 1 when a finding is at or above --fail-on, 0 when all are below it', async () => {
    expect((await cli('lint-sql', fixture('unsafe-migration.sql'))).code).toBe(1);
    expect((await cli('lint-sql', fixture('unsafe-migration.sql'), '--fail-on', 'critical')).code).toBe(0);
  });

  test('a clean migration exits 0 and says so', async () => {
    const r = await cli('lint-sql', fixture('safe-migration.sql'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('no findings');
  });

  test('text lines are path:line:col severity rule message (fix: ...)', async () => {
    const r = await cli('lint-sql', fixture('unsafe-migration.sql'));
    expect(r.out).toMatch(/unsafe-migration\.sql:1:1 high index-not-concurrent .+ \(fix: .+\)/);
  });

  test('SQL that does not parse is an input error (exit 2) with its line, not a crash', async () => {
    const r = await cli('lint-sql', fixture('broken.sql'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.sql:\d+: parse-error: /);
  });

  test.each([
    [['lint-sql'], /give at least one SQL file/],
    [['lint-sql', 'x.sql', '--format', 'xml'], /--format must be one of text, json, markdown, sarif/],
    [['lint-sql', 'x.sql', '--fail-on', 'severe'], /--fail-on must be one of critical, high, medium, low/],
    [['lint-sql', '--nope'], /Unknown option '--nope'/],
    [['lint-sql', path.join(FIXTURES, 'missing.sql')], /cannot read .*missing\.sql: ENOENT/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('usage or input error %j exits 2', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

test('the bundled runtime lints SQL with plain node and its wasm parser beside it', () => {
  const bin = path.join(inject('distDir'), 'proagent-backend/bin/proagent-backend.mjs');
  const r = spawnSync(process.execPath, [bin, 'lint-sql', fixture('unsafe-migration.sql'), '--format', 'json'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  expect((JSON.parse(r.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).toEqual(['index-not-concurrent', 'money-as-float']);
});

describe('lint-openapi', () => {
  test('reports the conventions the spec breaks, each on its line', async () => {
    const r = await cli('lint-openapi', fixture('orders-api.yaml'), '--format', 'json');
    const rules = (JSON.parse(r.out) as { findings: { rule: string; line: number }[] }).findings.map((f) => `${f.rule}@${f.line}`).sort();
    expect(rules).toEqual(['declares-4xx@5', 'operation-security@3', 'plural-resource-nouns@4', 'version-prefix@3']);
    expect(r.code).toBe(1);
  });

  test('a document that is not OpenAPI 3 is an input error', async () => {
    const r = await cli('lint-openapi', fixture('safe-migration.sql'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/lint-openapi: .*safe-migration\.sql.*: (unsupported-input|parse-error): /);
  });
});

describe('--format sarif', () => {
  test.each([
    ['lint-sql', 'unsafe-migration.sql'],
    ['lint-openapi', 'orders-api.yaml'],
  ])('%s output is valid SARIF 2.1.0 with a rule for every result', async (command, file) => {
    // The SARIF 2.1.0 schema is written in JSON Schema draft-04. Both packages are CommonJS.
    const Ajv = requireCjs('ajv-draft-04') as typeof import('ajv-draft-04').default;
    const addFormats = requireCjs('ajv-formats') as typeof import('ajv-formats').default;
    const schema = JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as object;
    // Its language pattern is not valid as a unicode regular expression, so compile patterns without the u flag.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    // The validator is strict enough to matter: a run without its tool is refused.
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
    const r = await cli(command, fixture(file), '--format', 'sarif');
    const log = JSON.parse(r.out) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const run = log.runs[0]!;
    expect(run.results.length).toBeGreaterThan(0);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });
});
