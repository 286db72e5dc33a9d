import { describe, expect, test } from 'vitest';
import { findingSchema, ruleInfoSchema } from '../../../src/analyzers/finding.ts';
import { analyzeSource } from '../../../src/analyzers/code/analyze.ts';
import { CODE_RULE_IDS, CODE_RULES } from '../../../src/analyzers/code/rules.ts';
import { codeFixtures, withFakeSecrets } from './fixtures.ts';

const fixtures = codeFixtures();

async function findings(text: string, file: string, lines?: Set<number>) {
  const result = await analyzeSource(text, { file, ...(lines ? { lines } : {}) });
  if (!result.ok) throw new Error(`${file}: ${result.error.code} ${result.error.message}`);
  for (const finding of result.findings) findingSchema.parse(finding);
  return result.findings;
}

describe('the rule registry', () => {
  test('lists exactly the rule ids, each with a valid primary source', () => {
    expect(CODE_RULES.map((r) => r.id)).toEqual([...CODE_RULE_IDS]);
    for (const rule of CODE_RULES) ruleInfoSchema.parse(rule);
  });

  test.each(CODE_RULE_IDS)('%s has a positive fixture with expectations and a negative fixture', (id) => {
    const own = fixtures.filter((f) => f.rule === id);
    expect(own.some((f) => f.name.startsWith('positive') && f.expected.length > 0)).toBe(true);
    expect(own.some((f) => f.name.startsWith('negative'))).toBe(true);
  });
});

describe('rule fixtures: the rule fires on exactly the marked lines', () => {
  test.each(fixtures.map((f) => [`${f.rule}/${f.name}`, f] as const))('%s', async (_label, fixture) => {
    const all = await findings(fixture.text, fixture.file);
    const own = all.filter((f) => f.rule === fixture.rule).map((f) => `${f.rule}:${f.line}`);
    expect(own.sort()).toEqual(fixture.expected.filter((e) => e.startsWith(`${fixture.rule}:`)).sort());
  });
});

describe('traps', () => {
  test('a realistic fake secret under tests/ is not reported, while the same text in src/ is', async () => {
    const fixture = fixtures.find((f) => f.rule === 'hardcoded-secret' && f.name === 'tests-fake-secret.ts');
    if (!fixture) throw new Error('fixture missing');
    expect(fixture.file.startsWith('tests/')).toBe(true);
    expect(await findings(fixture.text, fixture.file)).toEqual([]);
    expect((await findings(fixture.text, 'src/settings.ts')).map((f) => `${f.rule}:${f.line}`)).toEqual(['hardcoded-secret:2', 'hardcoded-secret:3']);
  });

  test.each(['test/db.test.ts', 'src/__tests__/db.ts', 'pkg/store_test.go', 'tests/test_db.py', 'app/conftest.py', 'spec/db.spec.ts', 'testdata/q.go'])('%s is test code: security rules stay quiet', async (file) => {
    const text = file.endsWith('.go')
      ? 'package x\nfunc f(db *sql.DB, n string) { db.Query("SELECT id FROM t WHERE n = \'" + n + "\'") }\n'
      : file.endsWith('.py')
        ? 'def f(cur, n):\n    cur.execute(f"SELECT id FROM t WHERE n = \'{n}\'")\n'
        : 'export const f = (db: any, n: string) => db.query(`SELECT id FROM t WHERE n = \'${n}\'`);\n';
    expect(await findings(text, file)).toEqual([]);
  });

  test('a token in evidence is redacted', async () => {
    const [finding] = await findings(withFakeSecrets("const key = '__STRIPE_SECRET_KEY__';\n"), 'src/pay.ts');
    expect(finding?.rule).toBe('hardcoded-secret');
    expect(finding?.evidence).not.toContain(withFakeSecrets('__STRIPE_SECRET_KEY__'));
  });
});

describe('lines: findings only on the lines asked for', () => {
  const flow = [
    'def find(cur, name):',
    '    query = f"SELECT id FROM users WHERE name = \'{name}\'"',
    '    cur.execute(query)',
    '',
  ].join('\n');

  test('without lines, a flow through a variable is reported at the query call', async () => {
    expect((await findings(flow, 'src/users.py')).map((f) => `${f.rule}:${f.line}`)).toEqual(['sql-injection:3']);
  });

  test('when only the assignment was added, the finding moves to the assignment line', async () => {
    expect((await findings(flow, 'src/users.py', new Set([2]))).map((f) => `${f.rule}:${f.line}`)).toEqual(['sql-injection:2']);
  });

  test('when neither line was added, nothing is reported', async () => {
    expect(await findings(flow, 'src/users.py', new Set([1, 4]))).toEqual([]);
  });

  test('a multi-line call is reported on its added argument line', async () => {
    const text = ['cur.execute(', '    f"SELECT id FROM users WHERE name = \'{name}\'",', ')', ''].join('\n');
    expect((await findings(text, 'src/q.py', new Set([2]))).map((f) => `${f.rule}:${f.line}`)).toEqual(['sql-injection:2']);
  });
});

describe('analyzeSource arguments', () => {
  test('an unknown extension is unsupported input', async () => {
    const result = await analyzeSource('x', { file: 'README.md' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unsupported-input');
  });

  test('an explicit language overrides the extension', async () => {
    const result = await analyzeSource('cur.execute(f"SELECT id FROM t WHERE n = \'{n}\'")\n', { file: 'snippet', language: 'python' });
    expect(result.ok && result.findings.map((f) => f.rule)).toEqual(['sql-injection']);
  });

  test('oversized source is refused', async () => {
    const result = await analyzeSource('x'.repeat(2_000_001), { file: 'big.ts' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('input-too-large');
  });

  test('bad options are an invalid argument', async () => {
    const result = await analyzeSource('x', { file: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-argument');
  });
});
