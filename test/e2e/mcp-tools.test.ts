/**
 * The plugin's MCP server inside a real Claude Code session: the model finds each deferred tool with
 * ToolSearch, calls it, and the analyzer's findings come back in the tool_result.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { contentText, describeRun, messageRequests, runClaude, type RunResult } from './claude.ts';
import { startFakeApi, type FakeApi } from './fake-api.ts';

const pluginDir = path.join(inject('distDir'), 'proagent-backend');
const TOOL = (name: string) => `mcp__plugin_proagent-backend_backend-tools__${name}`;
const MIGRATION = 'CREATE INDEX idx_orders_user ON orders (user_id);\n';

let api: FakeApi;
let repo: string;
let run: RunResult;

/** A repository whose feature branch adds a migration that locks an existing table. */
function makeRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-mcp-e2e-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'README.md'), '# shop\n');
  git('add', '.');
  git('commit', '-qm', 'init');
  git('checkout', '-qb', 'feature');
  fs.mkdirSync(path.join(dir, 'db/migrations'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'db/migrations/0002_index.sql'), MIGRATION);
  git('add', '.');
  git('commit', '-qm', 'index');
  return dir;
}

beforeAll(async () => {
  api = await startFakeApi();
  repo = makeRepo();
  api.script([
    { tool_use: { name: 'ToolSearch', input: { query: `select:${TOOL('lint_sql')}` } } },
    { tool_use: { name: TOOL('lint_sql'), input: { sql: MIGRATION, file: 'db/migrations/0002_index.sql' } } },
    { tool_use: { name: 'ToolSearch', input: { query: `select:${TOOL('review_diff')}` } } },
    { tool_use: { name: TOOL('review_diff'), input: {} } },
    { text: 'done' },
  ]);
  run = await runClaude({ args: ['-p', 'Check my branch', '--allowedTools', `${TOOL('lint_sql')},${TOOL('review_diff')}`], cwd: repo, api, pluginDir, timeoutMs: 90_000 });
}, 120_000);

afterAll(async () => {
  await api?.close();
  if (repo) fs.rmSync(repo, { recursive: true, force: true });
});

/** Every tool_result the model received, in order, as text. */
function toolResults(r: RunResult): string[] {
  const last = messageRequests(r.requests).at(-1);
  return (last?.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? m.content.filter((b) => b.type === 'tool_result').map((b) => contentText((b as { content?: string | never[] }).content)) : []));
}

/** Claude Code hands the model the tool's structuredContent when it has one. */
const findingsOf = (text: string) => (JSON.parse(text) as { findings: { rule: string; file: string; line: number }[]; summary: string });

test('ToolSearch loads lint_sql, and its call returns the finding', () => {
  expect(run.code, describeRun(run)).toBe(0);
  const results = toolResults(run);
  expect(results.length, describeRun(run)).toBe(4);
  expect(findingsOf(results[1]!).findings).toContainEqual(expect.objectContaining({ rule: 'index-not-concurrent', file: 'db/migrations/0002_index.sql', line: 1 }));
});

test('ToolSearch loads review_diff, and its call reviews the branch against main', () => {
  const review = findingsOf(toolResults(run)[3]!);
  expect(review.findings).toContainEqual(expect.objectContaining({ rule: 'index-not-concurrent', file: 'db/migrations/0002_index.sql', line: 1 }));
  expect(review.summary).toContain('merge-base with main');
});
