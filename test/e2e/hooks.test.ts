/**
 * The plugin's hooks inside a real Claude Code session: a scripted Write of a locking migration makes the
 * hook's finding reach the model; a scripted Write of an AWS key is refused with the hook's reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { allRequestText, contentText, describeRun, messageRequests, runClaude, type RunResult } from './claude.ts';
import { startFakeApi, type FakeApi } from './fake-api.ts';

const pluginDir = path.join(inject('distDir'), 'proagent-backend');
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPL1'].join('');

let cwd: string;
const apis: FakeApi[] = [];
let migration: RunResult;
let secret: RunResult;

async function writeRun(file: string, content: string): Promise<RunResult> {
  const api = await startFakeApi();
  apis.push(api);
  api.script([{ tool_use: { name: 'Write', input: { file_path: path.join(cwd, file), content } } }, { text: 'done' }]);
  // A warm analysis server the hook starts should not outlive the test run by long.
  return runClaude({ args: ['-p', `Write ${file}`, '--permission-mode', 'acceptEdits'], cwd, api, pluginDir, timeoutMs: 60_000, env: { PROAGENT_BACKEND_WARM_IDLE_MS: '5000' } });
}

beforeAll(async () => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-hooks-e2e-'));
  [migration, secret] = await Promise.all([
    writeRun('db/migrations/0002_index.sql', 'CREATE INDEX idx_orders_user ON orders (user_id);\n'),
    writeRun('src/config.ts', `export const awsKey = '${AWS_KEY}';\n`),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all(apis.map((a) => a.close()));
  if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
});

test('a Write of a locking migration: the hook finding reaches the model', () => {
  expect(migration.code, describeRun(migration)).toBe(0);
  expect(fs.existsSync(path.join(cwd, 'db/migrations/0002_index.sql'))).toBe(true);
  const text = allRequestText(migration.requests);
  expect(text).toContain('PostToolUse:Write hook additional context');
  expect(text).toContain('index-not-concurrent');
});

test('a Write that adds an AWS secret key is refused with the reason, and the file is not written', () => {
  expect(secret.code, describeRun(secret)).toBe(0);
  expect(fs.existsSync(path.join(cwd, 'src/config.ts'))).toBe(false);
  const last = messageRequests(secret.requests).at(-1)!;
  const results = (last.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? m.content.filter((b) => b.type === 'tool_result') : []));
  const refusal = results.map((b) => ({ isError: (b as { is_error?: boolean }).is_error, text: contentText((b as { content?: string | never[] }).content) })).at(-1)!;
  expect(refusal.isError).toBe(true);
  expect(refusal.text).toMatch(/hardcoded secret into src\/config\.ts.*AWS access key/);
});
