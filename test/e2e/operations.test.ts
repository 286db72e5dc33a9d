/**
 * Every operation of /proagent-backend-run attaches its own playbook and no other, and the model can
 * invoke the backend-assistant skill itself without a permission prompt.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { allRequestText, contentText, describeRun, messageRequests, runClaude, type RunResult } from './claude.ts';
import { startFakeApi, type FakeApi } from './fake-api.ts';

const pluginDir = path.join(inject('distDir'), 'proagent-backend');
const operationsDir = path.join(pluginDir, 'skills/backend-assistant/operations');
const operations = fs.readdirSync(operationsDir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
const heading = (op: string) => fs.readFileSync(path.join(operationsDir, `${op}.md`), 'utf8').split('\n').find((l) => l.startsWith('# '))!;

let api: FakeApi;
let cwd: string;
const runs = new Map<string, RunResult>();

beforeAll(async () => {
  api = await startFakeApi();
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-ops-'));
  // Two at a time: the CLI is heavy for a 2-core machine.
  for (let i = 0; i < operations.length; i += 2) {
    const batch = operations.slice(i, i + 2);
    const results = await Promise.all(batch.map((op) => runClaude({ args: ['-p', `/proagent-backend-run ${op} sample`], cwd, api, tag: op, pluginDir })));
    batch.forEach((op, j) => runs.set(op, results[j]!));
  }
}, 180_000);

afterAll(async () => {
  await api?.close();
  if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
});

test('the dispatcher knows seven operations', () => {
  expect(operations).toEqual(['build-service', 'create-api', 'create-mcp-server', 'design-schema', 'implement-cqrs', 'optimize-queries', 'setup-auth']);
});

describe.each(operations)('/proagent-backend-run %s', (op) => {
  test('sends that playbook and no other', () => {
    const run = runs.get(op)!;
    expect(run.code, describeRun(run)).toBe(0);
    const text = allRequestText(run.requests);
    expect(text).toContain(heading(op));
    for (const other of operations.filter((o) => o !== op)) expect(text).not.toContain(heading(other));
  });
});

describe('the model invoking the skill', () => {
  let skillApi: FakeApi;
  let run: RunResult;

  beforeAll(async () => {
    skillApi = await startFakeApi();
    skillApi.script([{ tool_use: { name: 'Skill', input: { skill: 'proagent-backend:backend-assistant', args: 'orders api' } } }, { text: 'done' }]);
    // No --allowedTools and no permission mode: a skill that needed approval would be denied in -p mode.
    run = await runClaude({ args: ['-p', 'Help me design an orders API'], cwd, api: skillApi, pluginDir });
  }, 60_000);

  afterAll(async () => skillApi?.close());

  test('runs without a permission prompt and sends the skill body to the model', () => {
    expect(run.code, describeRun(run)).toBe(0);
    const requests = messageRequests(run.requests);
    const afterCall = requests.find((r) => (r.messages ?? []).some((m) => Array.isArray(m.content) && m.content.some((b) => b.type === 'tool_result')));
    expect(afterCall, describeRun(run)).toBeDefined();
    const results = (afterCall!.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? m.content.filter((b) => b.type === 'tool_result') : []));
    const resultText = results.map((b) => contentText((b as { content?: string | never[] }).content)).join('\n');
    expect(resultText).toContain('Launching skill: proagent-backend:backend-assistant');
    expect(resultText).not.toMatch(/permission|denied|requires approval/i);
    const skillBody = fs.readFileSync(path.join(pluginDir, 'skills/backend-assistant/SKILL.md'), 'utf8').split('\n').find((l) => l.startsWith('## Ask first'))!;
    expect(allRequestText(run.requests)).toContain(skillBody);
  });
});
