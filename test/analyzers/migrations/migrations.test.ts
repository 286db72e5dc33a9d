import { describe, expect, test } from 'vitest';
import { findingSchema } from '../../../src/analyzers/finding.ts';
import { detectMigration, lintMigration, MAX_MIGRATION_CHARS, type MigrationLintOptions, type MigrationTool } from '../../../src/analyzers/migrations/index.ts';
import { SQL_RULES } from '../../../src/analyzers/sql/index.ts';
import { migrationFixtures } from './fixtures.ts';

const fixtures = migrationFixtures();
const severity = new Map(SQL_RULES.map((r) => [r.id, r.severity]));

async function lint(text: string, options: MigrationLintOptions) {
  const result = await lintMigration(text, options);
  if (!result.ok) throw new Error(`${options.file}: ${result.error.code} ${result.error.message}`);
  for (const finding of result.findings) {
    findingSchema.parse(finding);
    expect(finding.severity).toBe(severity.get(finding.rule));
  }
  return result;
}

const at = (findings: { rule: string; line: number }[]) => findings.map((f) => `${f.rule}:${f.line}`).sort();

const SHARED_RULES = [
  'index-not-concurrent', 'concurrent-in-transaction', 'add-column-not-null-no-default', 'add-fk-validating', 'set-not-null', 'alter-column-type',
  'rename-column', 'drop-column', 'money-as-float', 'missing-down-migration', 'add-unique-not-concurrent', 'rename-table',
];
const RULES_BY_TOOL: Record<MigrationTool, string[]> = {
  knex: SHARED_RULES,
  alembic: [...SHARED_RULES, 'add-check-validating'],
  django: [...SHARED_RULES, 'add-check-validating'],
};

describe('fixture coverage', () => {
  test.each(Object.entries(RULES_BY_TOOL).flatMap(([tool, rules]) => rules.map((rule) => [tool, rule] as const)))(
    '%s/%s has a positive and a negative fixture',
    (tool, rule) => {
      const own = fixtures.filter((f) => f.tool === tool && f.rule === rule);
      expect(own.some((f) => f.expected.some((e) => e.startsWith(`${rule}:`))), 'positive').toBe(true);
      expect(own.some((f) => !f.expected.some((e) => e.startsWith(`${rule}:`))), 'negative').toBe(true);
    },
  );

  test('every fixture names a SQL rule id in its folder and markers', () => {
    const ids = new Set(SQL_RULES.map((r) => r.id));
    for (const fixture of fixtures) {
      if (fixture.rule !== 'general') expect(ids.has(fixture.rule), fixture.rule).toBe(true);
      for (const e of fixture.expected) expect(ids.has(e.split(':')[0] ?? ''), `${fixture.name}: ${e}`).toBe(true);
    }
  });
});

describe('fixtures: exactly the marked findings, rule and line', () => {
  test.each(fixtures.map((f) => [`${f.tool}/${f.rule}/${f.name}`, f] as const))('%s', async (_label, fixture) => {
    expect(detectMigration(fixture.file, fixture.text)).toBe(fixture.tool);
    const result = await lint(fixture.text, { file: fixture.file, ...fixture.options });
    expect(result.tool).toBe(fixture.tool);
    expect(at(result.findings)).toEqual(fixture.expected);
  });
});

function fixture(tool: MigrationTool, rule: string, name: string) {
  const found = fixtures.find((f) => f.tool === tool && f.rule === rule && f.name === name);
  if (!found) throw new Error(`missing fixture ${tool}/${rule}/${name}`);
  return found;
}

describe('detection', () => {
  test.each([
    ['db/migrations/20240101_add.js', "exports.up = (knex) => knex.schema.table('t', (t) => t.dropColumn('c'));", 'knex'],
    ['src/migrations/0003_add.ts', "import { Knex } from 'knex';\nexport async function up(knex: Knex) {}", 'knex'],
    ['migrations/1.cjs', "module.exports = { async up(knex) { await knex.raw('SELECT 1'); }, async down() {} };", 'knex'],
    ['alembic/versions/ab12_add.py', 'from alembic import op\n\ndef upgrade():\n    pass\n', 'alembic'],
    ['db/versions/ab12_add.py', 'revision = "ab12"\ndown_revision = None\n\ndef upgrade():\n    pass\n', 'alembic'],
    ['shop/migrations/0001_initial.py', 'from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    operations = []\n', 'django'],
  ] as const)('%s is a %s migration', (file, text, tool) => {
    expect(detectMigration(file, text)).toBe(tool);
  });

  test.each([
    ['db/migrations/20240101-add.js', "module.exports = { async up(queryInterface, Sequelize) { await queryInterface.addColumn('t', 'c', Sequelize.INTEGER); } };"],
    ['src/routes/users.ts', "import { knex } from './db';\nexport const up = () => knex('users').select('id');"],
    ['db/migrations/001.d.ts', "import { Knex } from 'knex';\nexport function up(knex: Knex): Promise<void>;"],
    ['alembic/env.py', 'from alembic import context\n\ndef run_migrations_online():\n    pass\n'],
    ['shop/models.py', 'from django.db import models\n\nclass Order(models.Model):\n    total = models.FloatField()\n'],
    ['db/migrations/001_init.sql', 'CREATE TABLE t (id int);'],
  ])('%s is not a knex, alembic or Django migration', (file, text) => {
    expect(detectMigration(file, text)).toBeUndefined();
  });
});

describe('options and results', () => {
  test('lines: a finding on a multi-line call moves to its first wanted line, and is dropped outside it', async () => {
    const f = fixture('alembic', 'add-column-not-null-no-default', 'positive.py');
    const start = f.text.split('\n').findIndex((l) => l.includes('op.add_column(  # expect')) + 1;
    const inside = await lint(f.text, { file: f.file, lines: new Set([start + 2]) });
    expect(inside.findings.map((x) => [x.rule, x.line, x.column])).toEqual([['add-column-not-null-no-default', start + 2, undefined]]);
    expect((await lint(f.text, { file: f.file, lines: new Set([start + 4]) })).findings).toEqual([]);
  });

  test('createdTables: tables created by an earlier migration of the change are exempt', async () => {
    const f = fixture('knex', 'index-not-concurrent', 'positive.js');
    expect((await lint(f.text, { file: f.file, createdTables: ['users'] })).findings).toEqual([]);
  });

  test('createdTables: a schema-qualified table matches a batch_alter_table with schema', async () => {
    const f = fixture('alembic', 'index-not-concurrent', 'positive.py');
    expect(at((await lint(f.text, { file: f.file, createdTables: ['shop.orders'] })).findings)).toEqual(['index-not-concurrent:14']);
  });

  test('the createdTables of a Django migration exempt the next migration of the same app', async () => {
    const initial = fixture('django', 'index-not-concurrent', '0001_negative_same_file.py');
    const first = await lint(initial.text, { file: initial.file });
    expect(first.createdTables).toEqual(['shop_order']);
    const next = fixture('django', 'index-not-concurrent', '0002_positive.py');
    expect((await lint(next.text, { file: next.file, createdTables: first.createdTables })).findings).toEqual([]);
  });

  test('createdTables lists tables created by the ORM and by embedded SQL', async () => {
    const f = fixture('knex', 'general', 'raw-lines.js');
    expect((await lint(f.text, { file: f.file })).createdTables).toEqual(['notes']);
  });

  test('embedded SQL findings point at the statement inside the string, with the host line as evidence', async () => {
    const f = fixture('alembic', 'general', 'execute-lines.py');
    const finding = (await lint(f.text, { file: f.file })).findings.find((x) => x.rule === 'index-not-concurrent');
    const line = f.text.split('\n')[(finding?.line ?? 0) - 1] ?? '';
    expect(finding?.column).toBe(line.indexOf('CREATE INDEX') + 1);
    expect(finding?.evidence).toBe(line.trim());
  });

  test('CONCURRENTLY in knex.raw inside the migration transaction names knex and its config in the advice', async () => {
    const f = fixture('knex', 'concurrent-in-transaction', 'positive.ts');
    const [finding] = (await lint(f.text, { file: f.file })).findings;
    expect(finding?.message).toContain('knex runs every migration in a transaction');
    expect(finding?.fix).toContain('config = { transaction: false }');
  });

  test('embedded SQL that does not parse is skipped without failing the migration', async () => {
    const text = "exports.up = (knex) => knex.raw('ALTER TABLE ?? ADD COLUMN ?? int', ['t', 'c']);\nexports.down = (knex) => knex.raw('SELECT 1');\n";
    expect(await lintMigration(text, { file: 'db/migrations/1.js' })).toMatchObject({ ok: true, findings: [] });
  });

  test('before PostgreSQL 12 a validated CHECK does not spare the SET NOT NULL scan', async () => {
    const f = fixture('knex', 'set-not-null', 'negative-after-validate.js');
    expect(at((await lint(f.text, { file: f.file, pgVersion: 11 })).findings)).toEqual(['set-not-null:5']);
  });

  test('tool forces a migration style the path does not show', async () => {
    const f = fixture('django', 'drop-column', '0012_positive.py');
    expect(at((await lint(f.text, { file: 'legacy/steps/remove_flag.py', tool: 'django' })).findings)).toEqual(f.expected);
  });
});

describe('structured errors', () => {
  test('a file that is not a migration is unsupported input', async () => {
    expect(await lintMigration('print("hi")\n', { file: 'app/main.py' })).toMatchObject({ ok: false, error: { code: 'unsupported-input', file: 'app/main.py' } });
  });

  test('input above the size limit', async () => {
    const text = `# ${'x'.repeat(MAX_MIGRATION_CHARS)}\n`;
    expect(await lintMigration(text, { file: 'alembic/versions/big.py', tool: 'alembic' })).toMatchObject({ ok: false, error: { code: 'input-too-large' } });
  });

  test('invalid options', async () => {
    expect(await lintMigration('', { file: '' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await lintMigration('', { file: 'a.py', tool: 'flyway' as MigrationTool })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});
