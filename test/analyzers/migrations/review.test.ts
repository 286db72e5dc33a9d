import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reviewDiff } from '../../../src/analyzers/review.ts';
import { postToolUse } from '../../../src/hooks/post-tool-use.ts';
import type { HookInput } from '../../../src/hooks/input.ts';

/** A unified diff that adds whole files. */
function newFilesDiff(files: Record<string, string>): string {
  return Object.entries(files)
    .map(([file, text]) => {
      const lines = text.replace(/\n$/, '').split('\n');
      return `diff --git a/${file} b/${file}\nnew file mode 100644\n--- /dev/null\n+++ b/${file}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`;
    })
    .join('');
}

const KNEX_INDEXES = [
  'exports.up = async (knex) => {',
  "  await knex.schema.alterTable('orders', (t) => t.index(['customer_id']));",
  "  await knex.schema.alterTable('users', (t) => t.index(['email']));",
  '};',
  'exports.down = async () => {',
  "  throw new Error('irreversible');",
  '};',
].join('\n');

const ALEMBIC = [
  'from alembic import op',
  'import sqlalchemy as sa',
  '',
  '',
  'def upgrade():',
  '    op.add_column("users", sa.Column("nickname", sa.String(50)))',
  '    op.execute("SELECT * FROM users")',
  '',
  '',
  'def downgrade():',
  '    op.drop_column("users", "nickname")',
].join('\n');

describe('reviewDiff runs the migration rules on ORM migrations', () => {
  test('a table created by an earlier file of the diff is exempt in a later knex migration', async () => {
    const diff = newFilesDiff({
      'db/migrations/001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz, updated_at timestamptz);\n',
      'db/migrations/002_indexes.js': KNEX_INDEXES,
    });
    const result = await reviewDiff(diff);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.rule}`)).toEqual(['db/migrations/002_indexes.js:3:index-not-concurrent']);
  });

  test('only added lines of a changed migration are reported, alongside the code rules', async () => {
    const before = ALEMBIC.split('\n');
    const after = [...before.slice(0, 6), '    op.add_column("users", sa.Column("age", sa.Integer(), nullable=False))', ...before.slice(6)];
    const diff = [
      'diff --git a/alembic/versions/ab12_users.py b/alembic/versions/ab12_users.py',
      '--- a/alembic/versions/ab12_users.py',
      '+++ b/alembic/versions/ab12_users.py',
      '@@ -6,2 +6,3 @@ def upgrade():',
      ` ${before[5]}`,
      `+${after[6]}`,
      ` ${before[6]}`,
      '',
    ].join('\n');
    const result = await reviewDiff(diff, { readFile: () => after.join('\n') });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.findings.map((f) => `${f.line}:${f.rule}`)).toEqual(['7:add-column-not-null-no-default']);
  });

  test('a new migration gets both the code rules and the migration rules', async () => {
    const noDowngrade = ALEMBIC.split('\n').slice(0, 7).join('\n');
    const result = await reviewDiff(newFilesDiff({ 'alembic/versions/ab12_users.py': noDowngrade }));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.findings.map((f) => `${f.line}:${f.rule}`).sort()).toEqual(['5:missing-down-migration', '7:select-star']);
  });
});

describe('the post-edit hook runs the migration rules on a migration file', () => {
  let project = '';
  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-migrations-hook-'));
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  function edit(file: string, content: string, changed?: [number, number]): HookInput {
    const abs = path.join(project, file);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    const structuredPatch = changed ? [{ newStart: changed[0], newLines: changed[1] }] : [];
    return { hook_event_name: 'PostToolUse', tool_name: changed ? 'Edit' : 'Write', cwd: project, tool_input: { file_path: abs, content }, tool_response: { structuredPatch } };
  }

  const DJANGO = [
    'from django.db import migrations, models',
    '',
    '',
    'class Migration(migrations.Migration):',
    '    dependencies = [("shop", "0001_initial")]',
    '',
    '    operations = [',
    '        migrations.AddIndex(model_name="order", index=models.Index(fields=["status"], name="shop_order_status_idx")),',
    '        migrations.RemoveField(model_name="order", name="legacy"),',
    '    ]',
    '',
  ].join('\n');

  test('a written Django migration gets its findings as additionalContext', async () => {
    const output = (await postToolUse(edit('shop/migrations/0002_status.py', DJANGO))) as { hookSpecificOutput: { additionalContext: string } } | undefined;
    const context = output?.hookSpecificOutput.additionalContext ?? '';
    expect(context).toContain('`index-not-concurrent` shop/migrations/0002_status.py:8');
    expect(context).toContain('`drop-column` shop/migrations/0002_status.py:9');
  });

  test('an edit reports only on the lines it changed', async () => {
    const output = (await postToolUse(edit('shop/migrations/0003_status.py', DJANGO, [9, 1]))) as { hookSpecificOutput: { additionalContext: string } } | undefined;
    const context = output?.hookSpecificOutput.additionalContext ?? '';
    expect(context).toContain('shop/migrations/0003_status.py:9');
    expect(context).not.toContain('shop/migrations/0003_status.py:8');
  });
});
