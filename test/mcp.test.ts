/**
 * The bundled MCP server, spoken to by the real SDK client over stdio, from the built plugin folder
 * (a temporary directory with no node_modules anywhere above it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';

const pluginDir = path.join(inject('distDir'), 'proagent-backend');
const UNSAFE_SQL = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/cli/unsafe-migration.sql'), 'utf8');
const OPENAPI = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/cli/orders-api.yaml'), 'utf8');

let client: Client;
let stderr = '';
let repo: string;

/** The session's project: main has a table; the feature branch adds a migration that locks it. */
function makeRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-mcp-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  fs.mkdirSync(path.join(dir, 'migrations'));
  fs.writeFileSync(path.join(dir, 'migrations/0001_orders.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);\n');
  git('add', '.');
  git('commit', '-qm', 'orders');
  git('checkout', '-qb', 'feature');
  fs.writeFileSync(path.join(dir, 'migrations/0002_index.sql'), UNSAFE_SQL);
  return dir;
}

beforeAll(async () => {
  repo = makeRepo();
  const mcp = JSON.parse(fs.readFileSync(path.join(pluginDir, '.mcp.json'), 'utf8')) as { mcpServers: Record<string, { command: string; args: string[] }> };
  const server = mcp.mcpServers['backend-tools']!;
  const transport = new StdioClientTransport({
    command: server.command === 'node' ? process.execPath : server.command,
    args: server.args.map((a) => a.replaceAll('${CLAUDE_PLUGIN_ROOT}', pluginDir)),
    cwd: repo,
    env: { PATH: process.env.PATH ?? '' },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  client = new Client({ name: 'proagent-test', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  if (repo) fs.rmSync(repo, { recursive: true, force: true });
});

type CallResult = { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: { findings: { rule: string; line: number }[]; summary: string } };
const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<CallResult>;

test('lists its tools with input and output schemas, read-only, and instructions', async () => {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(['analyze_plan', 'lint_openapi', 'lint_sql', 'review_diff']);
  for (const tool of tools) {
    expect(tool.description!.length).toBeGreaterThan(40);
    expect(tool.inputSchema.type).toBe('object');
    expect(tool.outputSchema?.properties).toHaveProperty('findings');
    expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, openWorldHint: false });
  }
  expect(client.getInstructions()).toMatch(/lint_sql/);
});

describe('each tool answers', () => {
  test('lint_sql finds the locking index and the float money column', async () => {
    const r = await call('lint_sql', { sql: UNSAFE_SQL, file: 'db/migrations/002.sql' });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent!.findings.map((f) => `${f.rule}@${f.line}`)).toEqual(['index-not-concurrent@1', 'money-as-float@2']);
    expect(r.content[0]!.text).toContain('index-not-concurrent');
  });

  test('lint_sql knows a table created earlier in the set is empty', async () => {
    const r = await call('lint_sql', { sql: 'CREATE INDEX idx_orders_user ON orders (user_id);', created_tables: ['orders'] });
    expect(r.structuredContent!.findings).toEqual([]);
  });

  test('lint_openapi reports the conventions the document breaks', async () => {
    const r = await call('lint_openapi', { document: OPENAPI });
    expect(r.structuredContent!.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['version-prefix', 'plural-resource-nouns']));
  });
});

describe('analyze_plan and review_diff answer', () => {
  const PLAN = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/analyzers/explain/sort-spill/positive.txt'), 'utf8');

  test('analyze_plan says where the time went and finds the spilling sort', async () => {
    const r = await call('analyze_plan', { plan: PLAN });
    expect(r.structuredContent!.findings.map((f) => f.rule)).toContain('sort-spill');
    expect(r.structuredContent!.summary).toMatch(/Time went to/);
  });

  test('review_diff with no arguments reviews the working tree against the default branch', async () => {
    const r = await call('review_diff', {});
    expect(r.isError, r.content[0]?.text).toBeFalsy();
    expect(r.structuredContent!.findings).toContainEqual(expect.objectContaining({ rule: 'index-not-concurrent', file: 'migrations/0002_index.sql', line: 1 }));
    expect(r.structuredContent!.summary).toContain('merge-base with main');
  });

  test('review_diff with a diff text reviews that diff only', async () => {
    const diff = ['diff --git a/app/users.py b/app/users.py', 'new file mode 100644', '--- /dev/null', '+++ b/app/users.py', '@@ -0,0 +1,2 @@', '+def find(cur, name):', '+    cur.execute(f"SELECT id FROM users WHERE name = \'{name}\'")', ''].join('\n');
    const r = await call('review_diff', { diff });
    expect(r.structuredContent!.findings).toContainEqual(expect.objectContaining({ rule: 'sql-injection', file: 'app/users.py', line: 2 }));
  });

  test('review_diff refuses a base that is not a ref, without running git on it', async () => {
    const r = await call('review_diff', { base: 'main; rm -rf /' });
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toMatch(/not a git ref/);
  });
});

describe('malformed calls get errors and the server keeps serving', () => {
  test.each([
    ['a missing argument', 'lint_sql', {}],
    ['a wrong type', 'lint_sql', { sql: 42 }],
    ['an input over the size cap', 'lint_sql', { sql: 'x'.repeat(2 * 1024 * 1024 + 1) }],
    ['SQL that does not parse', 'lint_sql', { sql: 'CREATE TABLE (' }],
    ['a document that is not OpenAPI', 'lint_openapi', { document: 'hello: world' }],
  ])('%s', async (_what, name, args) => {
    const r = await call(name, args).catch((error: Error) => ({ isError: true, content: [{ type: 'text', text: error.message }] }) as CallResult);
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text!.length).toBeGreaterThan(5);
    const after = await call('lint_sql', { sql: 'SELECT 1;' });
    expect(after.isError).toBeFalsy();
  });

  test('an unknown tool is refused', async () => {
    const r = await call('drop_database', {}).catch((error: Error) => ({ isError: true, content: [{ type: 'text', text: error.message }] }) as CallResult);
    expect(r.isError).toBe(true);
  });
});

test('nothing but protocol reached stdout, and nothing crashed', () => {
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
});
