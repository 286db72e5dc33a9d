/** The bundled hook, run as Claude Code runs it: JSON on stdin, JSON (or nothing) on stdout, always exit 0. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';

const HOOK = path.join(inject('distDir'), 'proagent-backend/bin/hook.mjs');
/** Assembled at run time so that no scanner mistakes this test for a leaked key. */
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPL1'].join('');

let project: string;
beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-hooks-'));
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

/** A warm server started by these tests goes away soon after the last of them. */
const QUIET = { PROAGENT_BACKEND_WARM_IDLE_MS: '4000' };

function runHook(input: unknown, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [HOOK], { input: typeof input === 'string' ? input : JSON.stringify(input), encoding: 'utf8', cwd: project, env: { PATH: process.env.PATH ?? '', ...QUIET, ...env } });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}
const pre = (file: string, content: string) => ({ hook_event_name: 'PreToolUse', tool_name: 'Write', cwd: project, tool_input: { file_path: path.join(project, file), content } });
/** Writes the file as the tool would have, then builds the PostToolUse input; `changed` are the patched lines. */
function post(file: string, content: string, changed?: [number, number]) {
  const abs = path.join(project, file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
  const structuredPatch = changed ? [{ oldStart: changed[0], oldLines: 0, newStart: changed[0], newLines: changed[1], lines: [] }] : [];
  return { hook_event_name: 'PostToolUse', tool_name: changed ? 'Edit' : 'Write', cwd: project, tool_input: { file_path: abs, content }, tool_response: { filePath: abs, structuredPatch } };
}
const decision = (stdout: string) => (JSON.parse(stdout) as { hookSpecificOutput: Record<string, string> }).hookSpecificOutput;

describe('PreToolUse', () => {
  test('denies a write that adds an AWS access key to source code, with the reason', () => {
    const r = runHook(pre('src/config.ts', `export const awsKey = '${AWS_KEY}';\n`));
    expect(r.code).toBe(0);
    expect(decision(r.stdout)).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'deny' });
    expect(decision(r.stdout).permissionDecisionReason).toMatch(/src\/config\.ts.*AWS access key.*environment variable/);
  });

  test('allows the same text in a test fixture', () => {
    expect(runHook(pre('tests/fixtures/config.ts', `export const awsKey = '${AWS_KEY}';\n`)).stdout).toBe('');
  });

  test('allows a secret read from the environment', () => {
    expect(runHook(pre('src/config.ts', 'export const awsKey = process.env.AWS_ACCESS_KEY_ID;\n')).stdout).toBe('');
  });

  test('PROAGENT_BACKEND_HOOKS=off turns it off', () => {
    expect(runHook(pre('src/config.ts', `export const awsKey = '${AWS_KEY}';\n`), { PROAGENT_BACKEND_HOOKS: 'off' }).stdout).toBe('');
  });
});

describe('PostToolUse', () => {
  test('tells the model about a locking migration through additionalContext', () => {
    const r = runHook(post('db/migrations/0002_index.sql', 'CREATE INDEX idx_orders_user ON orders (user_id);\n'));
    expect(r.code).toBe(0);
    const out = decision(r.stdout);
    expect(out.hookEventName).toBe('PostToolUse');
    expect(out.additionalContext).toContain('index-not-concurrent');
    expect(out.additionalContext).toContain('db/migrations/0002_index.sql:1');
  });

  test('says nothing about a safe migration', () => {
    expect(runHook(post('db/migrations/0003_index.sql', 'CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);\n')).stdout).toBe('');
  });

  test('reports code findings only on the lines the edit changed', () => {
    const code = ['def find(cur, name):', '    cur.execute(f"SELECT id FROM users WHERE name = \'{name}\'")', '', 'def other(cur, email):', '    cur.execute("SELECT id FROM users WHERE email = \'" + email + "\'")', ''].join('\n');
    const onlySecond = runHook(post('app/users.py', code, [4, 2]));
    const context = decision(onlySecond.stdout).additionalContext!;
    expect(context).toContain('app/users.py:5');
    expect(context).not.toContain('app/users.py:2');
  });

  test('ignores files it has no rules for, and a file that no longer exists', () => {
    expect(runHook(post('README.md', '# password = "hunter2hunter2"\n')).stdout).toBe('');
    const gone = post('src/gone.ts', 'export {};\n');
    fs.rmSync(gone.tool_input.file_path);
    expect(runHook(gone)).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('the warm analysis server', () => {
  const unsafe = () => post('db/migrations/0009_index.sql', 'CREATE INDEX idx_orders_total ON orders (total);\n');

  test('a later post-edit is answered by the server the first one started, with the same finding', async () => {
    const first = runHook(unsafe(), { PROAGENT_DEBUG: '1' });
    expect(decision(first.stdout).additionalContext).toContain('index-not-concurrent');
    let later = runHook(unsafe(), { PROAGENT_DEBUG: '1' });
    for (let i = 0; i < 20 && !later.stderr.includes('answered by the warm server'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      later = runHook(unsafe(), { PROAGENT_DEBUG: '1' });
    }
    expect(later.stderr).toContain('answered by the warm server');
    expect(later.stdout).toBe(first.stdout);
  });

  test('PROAGENT_BACKEND_WARM=off analyzes in the hook itself, with the same result', () => {
    const own = runHook(unsafe(), { PROAGENT_DEBUG: '1', PROAGENT_BACKEND_WARM: 'off' });
    expect(own.stderr).not.toContain('answered by the warm server');
    expect(decision(own.stdout).additionalContext).toContain('index-not-concurrent');
  });
});

test.each([['not json'], [''], ['{"hook_event_name": "PreToolUse"}'], ['[1,2,3]']])('bad input %j exits 0 silently, never blocking the edit', (input) => {
  expect(runHook(input)).toMatchObject({ code: 0, stdout: '', stderr: '' });
});
