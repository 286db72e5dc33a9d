/**
 * The bundled MCP server, spoken to by the real SDK client over stdio, from the built plugin folder
 * (a temporary directory with no node_modules anywhere above it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';

const pluginDir = path.join(inject('distDir'), 'proagent-backend');
const UNSAFE_SQL = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/cli/unsafe-migration.sql'), 'utf8');
const OPENAPI = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/cli/orders-api.yaml'), 'utf8');

let client: Client;
let stderr = '';

beforeAll(async () => {
  const mcp = JSON.parse(fs.readFileSync(path.join(pluginDir, '.mcp.json'), 'utf8')) as { mcpServers: Record<string, { command: string; args: string[] }> };
  const server = mcp.mcpServers['backend-tools']!;
  const transport = new StdioClientTransport({
    command: server.command === 'node' ? process.execPath : server.command,
    args: server.args.map((a) => a.replaceAll('${CLAUDE_PLUGIN_ROOT}', pluginDir)),
    cwd: inject('distDir'),
    env: { PATH: process.env.PATH ?? '' },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  client = new Client({ name: 'proagent-test', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => client?.close());

type CallResult = { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: { findings: { rule: string; line: number }[]; summary: string } };
const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<CallResult>;

test('lists its tools with input and output schemas, read-only, and instructions', async () => {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(expect.arrayContaining(['lint_openapi', 'lint_sql']));
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
