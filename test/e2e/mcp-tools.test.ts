/**
 * The plugin's MCP server inside a real Claude Code session: the model finds the deferred tool with
 * ToolSearch, calls it, and the analyzer's findings come back in the tool_result.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { contentText, describeRun, messageRequests, runClaude, type RunResult } from './claude.ts';
import { startFakeApi, type FakeApi } from './fake-api.ts';

const pluginDir = path.join(inject('distDir'), 'proagent-backend');
const LINT_SQL = 'mcp__plugin_proagent-backend_backend-tools__lint_sql';
const MIGRATION = 'CREATE INDEX idx_orders_user ON orders (user_id);\n';

let api: FakeApi;
let cwd: string;
let run: RunResult;

beforeAll(async () => {
  api = await startFakeApi();
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-mcp-e2e-'));
  api.script([
    { tool_use: { name: 'ToolSearch', input: { query: `select:${LINT_SQL}` } } },
    { tool_use: { name: LINT_SQL, input: { sql: MIGRATION, file: 'db/migrations/0002_index.sql' } } },
    { text: 'done' },
  ]);
  run = await runClaude({ args: ['-p', 'Check my migration', '--allowedTools', LINT_SQL], cwd, api, pluginDir, timeoutMs: 60_000 });
}, 90_000);

afterAll(async () => {
  await api?.close();
  if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
});

/** Every tool_result the model received, as text. */
function toolResults(r: RunResult): string[] {
  const last = messageRequests(r.requests).at(-1);
  return (last?.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? m.content.filter((b) => b.type === 'tool_result').map((b) => contentText((b as { content?: string | never[] }).content)) : []));
}

test('ToolSearch loads the deferred lint_sql tool and its call returns the finding', () => {
  expect(run.code, describeRun(run)).toBe(0);
  const results = toolResults(run);
  expect(results.length, describeRun(run)).toBeGreaterThanOrEqual(2);
  // Claude Code hands the model the tool's structuredContent when it has one.
  const lint = JSON.parse(results.at(-1)!) as { findings: { rule: string; file: string; line: number }[] };
  expect(lint.findings).toContainEqual(expect.objectContaining({ rule: 'index-not-concurrent', file: 'db/migrations/0002_index.sql', line: 1 }));
});
