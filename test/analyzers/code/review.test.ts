import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reviewDiff } from '../../../src/analyzers/review.ts';
import { withFakeSecrets } from './fixtures.ts';

const hasGit = spawnSync('git', ['--version']).status === 0;

/** A repository whose history already holds an injection; the diff under review adds new problems around it. */
const BEFORE: Record<string, string> = {
  'app/users.py': ['def legacy(cur, name):', '    cur.execute("SELECT id FROM users WHERE name = \'%s\'" % name)', '', ''].join('\n'),
  'api/orders.ts': ["import { pool } from './db';", '', 'export async function one(id: string) {', "  return pool.query('SELECT id FROM orders WHERE id = $1', [id]);", '}', ''].join('\n'),
};

const AFTER: Record<string, string> = {
  'app/users.py': [
    'def legacy(cur, name):',
    '    cur.execute("SELECT id FROM users WHERE name = \'%s\'" % name)',
    '',
    '',
    'def by_email(cur, email):',
    '    query = f"SELECT id FROM users WHERE email = \'{email}\'"',
    '    cur.execute(query)',
    '',
  ].join('\n'),
  'api/orders.ts': [
    "import { pool } from './db';",
    '',
    'export async function one(id: string) {',
    "  return pool.query('SELECT id FROM orders WHERE id = $1', [id]);",
    '}',
    '',
    'export async function search(term: string) {',
    "  return pool.query(`SELECT id FROM orders WHERE note LIKE '%${term}%'`);",
    '}',
    '',
  ].join('\n'),
  'deploy/.env.production': withFakeSecrets('STRIPE_KEY=__STRIPE_SECRET_KEY__\nLOG_LEVEL=info\n'),
  'config/app.yaml': 'database:\n  host: db.internal\n  password: ${DB_PASSWORD}\n  replica_password: Xq3!vR9z-Lm2\n',
  'docs/setup.md': 'Set `password: Xq3!vR9z-Lm2` only in your local file.\n',
  'tests/test_users.py': withFakeSecrets('FAKE = "__STRIPE_SECRET_KEY__"\n\ndef test_q(cur, n):\n    cur.execute(f"SELECT id FROM users WHERE n = \'{n}\'")\n'),
};

let repo = '';
let diff = '';

beforeAll(() => {
  if (!hasGit) return;
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-review-'));
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  };
  const write = (files: Record<string, string>) => {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
      fs.writeFileSync(path.join(repo, rel), text);
    }
  };
  git('init', '-q');
  write(BEFORE);
  git('add', '-A');
  git('commit', '-qm', 'before');
  write(AFTER);
  git('add', '-A');
  diff = git('diff', '--cached');
});

afterAll(() => {
  if (repo) fs.rmSync(repo, { recursive: true, force: true });
});

const readFile = (rel: string) => {
  const full = path.join(repo, rel);
  return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
};

const summary = (findings: { rule: string; file: string; line: number }[]) => findings.map((f) => `${f.rule} ${f.file}:${f.line}`).sort();

/** The secret token in .env, the literal password in YAML (not the ${...} one, not the Markdown prose), two new injections. */
const EXPECTED = ['hardcoded-secret config/app.yaml:4', 'hardcoded-secret deploy/.env.production:1', 'sql-injection api/orders.ts:8', 'sql-injection app/users.py:7'];

describe.skipIf(!hasGit)('reviewDiff on a diff made by git', () => {
  test('reports only on added lines: the old injection, test files, placeholders and clean code stay quiet', async () => {
    const result = await reviewDiff(diff, { readFile });
    expect(result.ok).toBe(true);
    if (result.ok) expect(summary(result.findings)).toEqual(EXPECTED);
  });

  test('without the working tree, files are rebuilt from the hunks and give the same findings', async () => {
    const result = await reviewDiff(diff);
    expect(result.ok).toBe(true);
    if (result.ok) expect(summary(result.findings)).toEqual(EXPECTED);
  });

  test('a readFile that throws falls back to the hunks', async () => {
    const result = await reviewDiff(diff, {
      readFile: () => {
        throw new Error('ENOENT');
      },
    });
    expect(result.ok && summary(result.findings)).toEqual(EXPECTED);
  });

  test('a working-tree file that no longer matches the diff is ignored in favour of the hunks', async () => {
    const result = await reviewDiff(diff, { readFile: (rel) => (rel === 'app/users.py' ? 'x = 1\n' : readFile(rel)) });
    expect(result.ok && summary(result.findings)).toEqual(EXPECTED);
  });
});

describe('reviewDiff input', () => {
  test('an empty diff has no findings', async () => {
    expect(await reviewDiff('')).toEqual({ ok: true, findings: [] });
  });

  test('a deleted file is not reviewed', async () => {
    const deleted = 'diff --git a/q.py b/q.py\ndeleted file mode 100644\n--- a/q.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-cur.execute(f"SELECT id FROM t WHERE n = \'{n}\'")\n';
    expect(await reviewDiff(deleted)).toEqual({ ok: true, findings: [] });
  });

  test('text that is not a diff returns the parser error', async () => {
    const result = await reviewDiff('not a diff');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unsupported-input');
  });

  test('a readFile that is not a function is an invalid argument', async () => {
    const result = await reviewDiff('', { readFile: 'nope' as unknown as () => undefined });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-argument');
  });
});

describe('SQL files in a diff', () => {
  const newFile = (file: string, lines: string[]) => [`diff --git a/${file} b/${file}`, 'new file mode 100644', '--- /dev/null', `+++ b/${file}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`), ''].join('\n');
  const up = newFile('db/0002_index.up.sql', ['CREATE INDEX idx_orders_user ON orders (user_id);']);

  test('go through the migration-safety lint, on added lines', async () => {
    const r = await reviewDiff(up);
    expect(r.ok && r.findings.map((f) => `${f.rule}@${f.file}:${f.line}`)).toContain('index-not-concurrent@db/0002_index.up.sql:1');
  });

  test('a new .up.sql without its .down.sql is missing a down migration; with it in the diff, not', async () => {
    const alone = await reviewDiff(up);
    expect(alone.ok && alone.findings.map((f) => f.rule)).toContain('missing-down-migration');
    const paired = await reviewDiff(up + newFile('db/0002_index.down.sql', ['DROP INDEX idx_orders_user;']));
    expect(paired.ok && paired.findings.map((f) => f.rule)).not.toContain('missing-down-migration');
  });

  test('a table created by an earlier migration of the same diff is new for the later one', async () => {
    const created = newFile('db/0001_orders.sql', ['CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, created_at timestamptz, updated_at timestamptz);']);
    const r = await reviewDiff(created + newFile('db/0002_index.sql', ['CREATE INDEX idx_orders_user ON orders (user_id);']));
    expect(r.ok && r.findings.map((f) => f.rule)).not.toContain('index-not-concurrent');
  });
});
