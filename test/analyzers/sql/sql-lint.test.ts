import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingSchema, ruleInfoSchema } from '../../../src/analyzers/finding.ts';
import { MAX_SQL_BYTES, SQL_RULES, lintSql, lintSqlSync, loadSqlParser } from '../../../src/analyzers/sql/index.ts';
import { FIXTURE_ROOT, byLocation, loadFixtures } from './fixtures.ts';

const fixtures = loadFixtures();

describe('SQL lint fixtures', () => {
  for (const fixture of fixtures) {
    it(fixture.name, async () => {
      const result = await lintSql(fixture.text, fixture.options);
      if (fixture.expectedError) {
        expect(result).toMatchObject({ ok: false, error: { code: fixture.expectedError.code, line: fixture.expectedError.line } });
        return;
      }
      if (!result.ok) throw new Error(`lint failed: ${result.error.message}`);
      for (const finding of result.findings) findingSchema.parse(finding);
      const actual = result.findings.map(({ rule, line }) => ({ rule, line })).sort(byLocation);
      expect(actual).toEqual([...fixture.expected].sort(byLocation));
    });
  }
});

describe('SQL rule registry', () => {
  it('has valid, unique rules with a primary source', () => {
    for (const rule of SQL_RULES) ruleInfoSchema.parse(rule);
    expect(new Set(SQL_RULES.map((r) => r.id)).size).toBe(SQL_RULES.length);
  });

  it('has a positive and a negative fixture for every rule, in the rule folder', () => {
    const folders = new Set(readdirSync(FIXTURE_ROOT));
    for (const rule of SQL_RULES) {
      expect(folders.has(rule.id), rule.id).toBe(true);
      const own = fixtures.filter((f) => f.name.startsWith(`${rule.id}/`));
      expect(own.some((f) => f.expected.some((e) => e.rule === rule.id)), `${rule.id} positive`).toBe(true);
      expect(own.some((f) => !f.expected.some((e) => e.rule === rule.id)), `${rule.id} negative`).toBe(true);
    }
  });

  it('only expects rules that exist', () => {
    const ids = new Set(SQL_RULES.map((r) => r.id));
    for (const fixture of fixtures) for (const e of fixture.expected) expect(ids.has(e.rule), `${fixture.name}: ${e.rule}`).toBe(true);
  });
});

describe('SQL lint positions', () => {
  const unicode = fixtures.find((f) => f.name === 'general/unicode.sql');
  const parseError = fixtures.find((f) => f.name === 'general/parse-error.sql');

  it('turns UTF-8 byte offsets into UTF-16 columns after multi-byte and astral characters', async () => {
    if (!unicode) throw new Error('missing fixture');
    const result = await lintSql(unicode.text, unicode.options);
    if (!result.ok) throw new Error(result.error.message);
    const lines = unicode.text.split('\n');
    const money = result.findings.find((f) => f.rule === 'money-as-float');
    expect(money?.column).toBe((lines[1] ?? '').indexOf('price') + 1);
    const drop = result.findings.find((f) => f.rule === 'drop-column');
    expect(drop?.column).toBe((lines[2] ?? '').indexOf('DROP COLUMN') + 1);
    expect(drop?.evidence).toBe((lines[2] ?? '').trim());
  });

  it('places a syntax error by its character cursor', async () => {
    if (!parseError) throw new Error('missing fixture');
    const result = await lintSql(parseError.text, parseError.options);
    const line = parseError.text.split('\n')[3] ?? '';
    expect(result).toMatchObject({ ok: false, error: { code: 'parse-error', line: 4, file: 'general/parse-error.sql' } });
    if (result.ok) return;
    expect(result.error.message).toContain(`column ${line.indexOf('WHERE') + 1}`);
  });

  it('reports the statement start, not the leading comment, for a statement-level finding', async () => {
    const result = await lintSql('-- first\n\n/* note */\n  CREATE INDEX i ON t (a);\n', { file: 'x.sql' });
    expect(result).toMatchObject({ ok: true, findings: [{ rule: 'index-not-concurrent', line: 4, column: 3 }] });
  });
});

describe('SQL lint options and inputs', () => {
  it('returns the tables a file creates, to exempt them when linting the next migration of the set', async () => {
    const first = await lintSql('CREATE TABLE coupons (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz);', { file: '001.sql' });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.createdTables).toEqual(['coupons']);
    const second = await lintSql('CREATE INDEX coupons_created_at_idx ON coupons (created_at);', { file: '002.sql', createdTables: first.createdTables });
    expect(second).toMatchObject({ ok: true, findings: [] });
  });

  it('accepts empty and comment-only input', async () => {
    expect(await lintSql('', { file: 'empty.sql' })).toMatchObject({ ok: true, findings: [] });
    expect(await lintSql('-- nothing\n/* here */', { file: 'comments.sql' })).toMatchObject({ ok: true, findings: [] });
  });

  it('rejects invalid options with invalid-argument', async () => {
    const result = await lintSql('SELECT 1', { file: '', pgVersion: 3 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('rejects oversized input with input-too-large', async () => {
    const result = await lintSql(`SELECT 1;${' '.repeat(MAX_SQL_BYTES)}`, { file: 'big.sql' });
    expect(result).toMatchObject({ ok: false, error: { code: 'input-too-large', file: 'big.sql' } });
  });

  it('rejects binary input with unsupported-input and the line of the NUL', async () => {
    const result = await lintSql('SELECT 1;\nSELECT 2\0;', { file: 'bin.sql' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported-input', line: 2 } });
  });

  it('lints synchronously once the parser is loaded', async () => {
    await loadSqlParser();
    const result = lintSqlSync('ALTER TABLE users DROP COLUMN email;', { file: 'sync.sql' });
    expect(result).toMatchObject({ ok: true, findings: [{ rule: 'drop-column', line: 1 }] });
  });
});
