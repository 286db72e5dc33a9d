import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { reviewDiff } from '../src/analyzers/review.ts';
import { lintSql, loadSqlParser } from '../src/analyzers/sql/index.ts';
import { median, type Figure } from './figures.ts';

/** A realistic mix of new TypeScript, Python, Go and SQL files, about `lines` lines in all. */
export function syntheticDiff(lines: number): string {
  const bodies: Record<string, (i: number) => string[]> = {
    ts: (i) => [`export async function handler${i}(req, res, db) {`, `  const rows = await db.query('SELECT id, total FROM orders WHERE user_id = $1 LIMIT 50', [req.user.id]);`, `  for (const row of rows) res.write(JSON.stringify(row));`, `  return db.query("SELECT * FROM items WHERE id = " + req.params.id${i % 7});`, '}'],
    py: (i) => [`def view_${i}(cur, name, session):`, `    cur.execute("SELECT id FROM users WHERE name = %s", (name,))`, `    rows = session.query(Order).all()`, `    return [r.id for r in rows]`, ''],
    go: (i) => [`func Get${i}(db *sql.DB, id string) error {`, `\t_, err := db.Query(fmt.Sprintf("SELECT id FROM t WHERE id = %s", id))`, '\treturn err', '}', ''],
    sql: (i) => [`CREATE INDEX idx_orders_${i} ON orders (user_id);`, `ALTER TABLE orders ADD COLUMN note_${i} text;`, ''],
  };
  const parts: string[] = [];
  let total = 0;
  for (let file = 0; total < lines; file++) {
    const ext = (['ts', 'py', 'go', 'sql'] as const)[file % 4]!;
    const body: string[] = ext === 'go' ? ['package app', ''] : [];
    while (body.length < 250) body.push(...bodies[ext]!(body.length));
    parts.push(`diff --git a/src/f${file}.${ext} b/src/f${file}.${ext}`, 'new file mode 100644', '--- /dev/null', `+++ b/src/f${file}.${ext}`, `@@ -0,0 +1,${body.length} @@`, ...body.map((l) => `+${l}`));
    total += body.length + 5;
  }
  return `${parts.join('\n')}\n`;
}

export function sqlStatements(count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(i % 4 === 0 ? `CREATE TABLE t${i} (id bigint PRIMARY KEY, amount numeric(12,2), created_at timestamptz, updated_at timestamptz);` : i % 4 === 1 ? `CREATE INDEX idx_${i} ON orders (c${i});` : i % 4 === 2 ? `ALTER TABLE orders ADD COLUMN c${i} text;` : `ALTER TABLE orders ALTER COLUMN c${i - 1} SET NOT NULL;`);
  }
  return out.join('\n');
}

async function timeAsync(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

function timeProcess(runs: number, args: string[], input: string, env: Record<string, string> = {}): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    // The warm analysis server a hook starts goes away a few seconds after the benchmark.
    spawnSync(process.execPath, args, { input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', PROAGENT_BACKEND_WARM_IDLE_MS: '3000', ...env } });
    samples.push(performance.now() - start);
  }
  return samples;
}

const figure = (name: string, runs: number[], targetMs?: number): Figure => ({ name, medianMs: median(runs), runs, targetMs });

/** The speed and size targets for the analyzers, measured on the built plugin in pluginDir. */
export async function benchAnalyzers(pluginDir: string, zipPath: string): Promise<{ figures: Figure[]; zipBytes: number }> {
  const figures: Figure[] = [];
  const bin = path.join(pluginDir, 'bin');

  figures.push(
    figure(
      'MCP server start to tools/list (bundled, stdio)',
      await timeAsync(5, async () => {
        const client = new Client({ name: 'bench', version: '1' });
        await client.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(bin, 'backend-tools.mjs')], stderr: 'ignore' }));
        await client.listTools();
        await client.close();
      }),
      300,
    ),
  );

  const diff = syntheticDiff(10_000);
  await reviewDiff(diff);
  figures.push(figure('review of a 10,000-line diff (in process, warm)', await timeAsync(5, () => reviewDiff(diff)), 1000));
  const diffFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-bench-')), 'big.diff');
  fs.writeFileSync(diffFile, diff);
  // Reference: a cold process also pays node start-up, wasm compilation and an unoptimised first pass.
  figures.push(figure('review of a 10,000-line diff (bundled CLI, cold process, reference)', timeProcess(5, [path.join(bin, 'proagent-backend.mjs'), 'review', '--diff', diffFile, '--format', 'json'], '')));

  const edit = (file: string, content: string) => JSON.stringify({ hook_event_name: 'PostToolUse', tool_name: 'Write', cwd: path.dirname(diffFile), tool_input: { file_path: file, content }, tool_response: { structuredPatch: [] } });
  const tsFile = path.join(path.dirname(diffFile), 'handler.ts');
  fs.writeFileSync(tsFile, 'export async function list(db, id) {\n  return db.query("SELECT id FROM t WHERE id = $1", [id]);\n}\n');
  const sqlFile = path.join(path.dirname(diffFile), '0002.sql');
  fs.writeFileSync(sqlFile, 'CREATE INDEX CONCURRENTLY idx ON orders (user_id);\n');
  const hook = path.join(bin, 'hook.mjs');
  const preInput = JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: tsFile, content: 'export const x = process.env.KEY;\n' } });
  figures.push(figure('hook PreToolUse on a Write (secret scan)', timeProcess(15, [hook], preInput), 100));
  figures.push(figure('hook PostToolUse on a Markdown edit (skipped)', timeProcess(15, [hook], edit(path.join(path.dirname(diffFile), 'README.md'), '# x\n')), 100));
  figures.push(figure('hook PostToolUse on a TypeScript edit (warm server)', timeProcess(15, [hook], edit(tsFile, '')), 100));
  figures.push(figure('hook PostToolUse on a SQL migration edit (warm server)', timeProcess(15, [hook], edit(sqlFile, '')), 100));
  const cold = { PROAGENT_BACKEND_WARM: 'off' };
  figures.push(figure('hook PostToolUse on a TypeScript edit (no server, reference)', timeProcess(9, [hook], edit(tsFile, ''), cold)));
  figures.push(figure('hook PostToolUse on a SQL migration edit (no server, reference)', timeProcess(9, [hook], edit(sqlFile, ''), cold)));

  await loadSqlParser();
  const sql = sqlStatements(4000);
  figures.push(figure('lint-sql of 4,000 statements (in process, parser loaded)', await timeAsync(5, () => lintSql(sql, { file: 'big.sql' })), 1000));

  fs.rmSync(path.dirname(diffFile), { recursive: true, force: true });
  return { figures, zipBytes: fs.statSync(zipPath).size };
}
