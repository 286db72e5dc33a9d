/**
 * The built plugin's commands, run by the real Claude Code CLI against a fake Messages API:
 * what the model would receive when a user types each command in a small git repository.
 * Everything expected is read from the built files, so the assertions follow the content.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { startFakeApi, type FakeApi } from './fake-api.ts';
import { allRequestText, describeRun, firstMainRequest, runClaude, section, systemMessagesText, type RunResult } from './claude.ts';

const dist = inject('distDir');
const pluginDir = path.join(dist, 'proagent-backend');
const plugin = JSON.parse(fs.readFileSync(path.join(pluginDir, '.claude-plugin/plugin.json'), 'utf8')) as { name: string };

// ---- the built content ----

interface Markdown {
  frontmatter: Record<string, string>;
  body: string;
}

/** Splits a built markdown file into flat `key: value` frontmatter and the body. */
function readBuilt(rel: string): Markdown {
  const text = fs.readFileSync(path.join(pluginDir, rel), 'utf8').replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  const frontmatter: Record<string, string> = {};
  for (const line of (match?.[1] ?? '').split('\n')) {
    const kv = /^([\w-]+):\s*(.*)$/.exec(line);
    if (kv) frontmatter[kv[1]!] = kv[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return { frontmatter, body: match ? text.slice(match[0].length) : text };
}

/** The body as Claude Code expands it for `args` (zero-based positionals, see platform notes §2.2). */
function expand(body: string, args: string[]): string {
  return body
    .replaceAll('${CLAUDE_PLUGIN_ROOT}', pluginDir)
    .replace(/\$ARGUMENTS\[(\d+)\]/g, (m, n: string) => args[Number(n)] ?? m)
    .replaceAll('$ARGUMENTS', args.join(' '))
    .replace(/\$(\d+)/g, (m, n: string) => args[Number(n)] ?? m);
}

const isShellLine = (line: string) => /(^|\s)!`/.test(line);

/** The body lines the model must receive verbatim: every non-blank line except `!` lines, whose output replaces them. */
function verbatimLines(body: string, args: string[]): string[] {
  return expand(body, args)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() && !isShellLine(l));
}

/** The heading of the section that holds the body's `!` line. */
function headingOfShellLine(body: string): string {
  const lines = body.split('\n');
  const at = lines.findIndex(isShellLine);
  const heading = lines.slice(0, Math.max(at, 0)).reverse().find((l) => /^#{1,6} /.test(l));
  if (at < 0 || !heading) throw new Error('the command body has no `!` line under a heading');
  return heading;
}

const firstHeading = (rel: string) => {
  const heading = readBuilt(rel).body.split('\n').find((l) => /^#{1,6} /.test(l));
  if (!heading) throw new Error(`${rel} has no heading`);
  return heading;
};

function missingLines(text: string, lines: string[]): string[] {
  return lines.filter((l) => !text.includes(l));
}

const hub = readBuilt('commands/proagent-backend-hub.md');
const run = readBuilt('commands/proagent-backend-run.md');
const review = readBuilt('commands/proagent-backend-review.md');
const skill = readBuilt('skills/backend-assistant/SKILL.md');
const agent = readBuilt('agents/backend-specialist.md');

// The playbook folder, as the dispatcher's `@${CLAUDE_PLUGIN_ROOT}/<dir>/$0.md` line names it.
const playbookDir = /^@\$\{CLAUDE_PLUGIN_ROOT\}\/(.+)\/[^/\s]+\.md\s*$/m.exec(run.body)?.[1];
const playbooks = playbookDir ? fs.readdirSync(path.join(pluginDir, playbookDir)).filter((f) => f.endsWith('.md')) : [];
const playbookHeading = (op: string) => firstHeading(`${playbookDir}/${op}.md`);

// ---- one fake API, one repository, four CLI runs ----

let api: FakeApi;
let repo: string;
let runs: Record<'hub' | 'create' | 'unknown' | 'review' | 'reviewRange', RunResult>;
const STACK_FILE = 'package.json';
const STACK_FRAMEWORK = 'express';
const CHANGED_FILE = 'orders.js';
/** Changed by a commit on the feature branch, so it is in main..feature; CHANGED_FILE's change is uncommitted. */
const COMMITTED_FILE = 'payments.js';

function makeRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  fs.writeFileSync(path.join(dir, STACK_FILE), `{ "name": "shop-api", "private": true, "dependencies": { "${STACK_FRAMEWORK}": "^5.1.0", "left-pad": "^1.3.0" } }\n`);
  fs.writeFileSync(path.join(dir, CHANGED_FILE), 'export const list = () => [];\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  git('checkout', '-q', '-b', 'feature');
  // String-built SQL reaching a query: the analyzer's sql-injection rule must fire on line 1.
  fs.writeFileSync(path.join(dir, COMMITTED_FILE), 'export const charge = (db, id) => db.query("UPDATE payments SET paid = true WHERE id = " + id);\n');
  git('add', COMMITTED_FILE);
  git('commit', '-q', '-m', 'payments');
  fs.appendFileSync(path.join(dir, CHANGED_FILE), 'export const get = (id) => ({ id });\n');
  return dir;
}

beforeAll(async () => {
  api = await startFakeApi();
  repo = makeRepo();
  const claude = (tag: string, prompt: string) => runClaude({ args: ['-p', prompt], cwd: repo, api, tag, pluginDir });
  const [hub, create, unknown, review, reviewRange] = await Promise.all([
    claude('hub', '/proagent-backend-hub'),
    claude('create', '/proagent-backend-run create-api orders'),
    claude('unknown', '/proagent-backend-run no-such-op'),
    claude('review', '/proagent-backend-review'),
    claude('reviewRange', '/proagent-backend-review main..feature'),
  ]);
  runs = { hub, create, unknown, review, reviewRange };
});

afterAll(async () => {
  await api?.close();
  if (repo) fs.rmSync(repo, { recursive: true, force: true });
});

/** Everything the run sent to the model, after checking that it did reach the model. */
function sent(r: RunResult): string {
  expect(r.code, describeRun(r)).toBe(0);
  expect(firstMainRequest(r.requests), `no main-loop request reached the fake API\n${describeRun(r)}`).toBeDefined();
  return allRequestText(r.requests);
}

describe('/proagent-backend-hub', () => {
  test('sends the hub body', () => {
    const text = sent(runs.hub);
    expect(missingLines(text, verbatimLines(hub.body, []))).toEqual([]);
  });

  test('replaces its `!` lines with exactly the stack files present and the frameworks they name', () => {
    const text = sent(runs.hub);
    const heading = headingOfShellLine(hub.body);
    const listing = section(text, heading);
    expect(listing, `no "${heading}" section in the request`).toBeDefined();
    expect(listing).not.toMatch(/(^|\s)!`/);
    // What is left of the section once the body's own lines are taken out is the command's output.
    const bodyLines = new Set(section(hub.body, heading)!.split('\n').map((l) => l.trim()));
    const output = listing!.split('\n').map((l) => l.trim()).filter((l) => l && !bodyLines.has(l));
    // The first line lists the stack files present; the second the frameworks they name.
    expect(output).toEqual([STACK_FILE, `"${STACK_FRAMEWORK}"`]);
  });
});

describe('/proagent-backend-run', () => {
  test('sends the dispatcher body with $0 replaced by the operation', () => {
    const text = sent(runs.create);
    const positional = run.body.split('\n').filter((l) => l.includes('$0') && !isShellLine(l));
    expect(positional.length, 'the dispatcher body never uses $0').toBeGreaterThan(0);
    expect(missingLines(text, positional.map((l) => expand(l, ['create-api', 'orders']).trimEnd()))).toEqual([]);
    expect(missingLines(text, verbatimLines(run.body, ['create-api', 'orders']))).toEqual([]);
  });

  test('attaches the playbook of the operation', () => {
    const text = sent(runs.create);
    expect(text.includes(playbookHeading('create-api')), `"${playbookHeading('create-api')}" is not in the request`).toBe(true);
  });

  test('attaches no other playbook', () => {
    const text = sent(runs.create);
    expect(playbooks, 'no playbooks found next to the `@` line target').toContain('create-api.md');
    const others = playbooks.filter((f) => f !== 'create-api.md').map((f) => f.replace(/\.md$/, ''));
    expect(others.length, 'only one playbook exists, so nothing to compare with').toBeGreaterThan(0);
    for (const op of others) expect(text.includes(playbookHeading(op)), `playbook ${op} was attached`).toBe(false);
  });

  test('sends the dispatcher body for an unknown operation', () => {
    const text = sent(runs.unknown);
    expect(missingLines(text, verbatimLines(run.body, ['no-such-op']))).toEqual([]);
  });

  test('attaches no playbook for an unknown operation', () => {
    const text = sent(runs.unknown);
    expect(playbooks.length, 'no playbooks found next to the `@` line target').toBeGreaterThan(0);
    for (const file of playbooks) expect(text.includes(playbookHeading(file.replace(/\.md$/, ''))), `${file} was attached`).toBe(false);
  });
});

describe('/proagent-backend-review', () => {
  test('sends the review body', () => {
    const text = sent(runs.review);
    expect(missingLines(text, verbatimLines(review.body, []))).toEqual([]);
  });

  /** The review context the `!` line produced, as the model received it. */
  function context(r: RunResult): string {
    const heading = headingOfShellLine(review.body);
    const changes = section(sent(r), heading);
    expect(changes, `no "${heading}" section in the request`).toBeDefined();
    expect(changes).not.toMatch(/(^|\s)!`/);
    return changes!;
  }
  // `git diff --stat` prints " <file> | <n> +"; the git status context elsewhere only names the file.
  const statLine = (file: string) => new RegExp(`^\\s*${file.replace('.', '\\.')}\\s+\\|\\s+\\d+ \\+`, 'm');

  test('with no target, sends the diff stat of the branch and the uncommitted change against main', () => {
    const changes = context(runs.review);
    expect(changes).toMatch(statLine(CHANGED_FILE));
    expect(changes).toMatch(statLine(COMMITTED_FILE));
    expect(changes).toContain('merge-base with main');
  });

  test('injects the deterministic analyzer findings for the added lines', () => {
    const changes = context(runs.reviewRange);
    expect(changes).toMatch(new RegExp(`\\*\\*critical\\*\\* \`sql-injection\` ${COMMITTED_FILE.replace('.', '\\.')}:1:`));
  });

  test('with a range, sends that range and nothing else', () => {
    const changes = context(runs.reviewRange);
    expect(changes).toContain('git diff main..feature');
    expect(changes).toMatch(statLine(COMMITTED_FILE));
    expect(changes).not.toMatch(statLine(CHANGED_FILE));
  });
});

describe('listing to the model', () => {
  test('lists the skill with its description', () => {
    const listing = systemMessagesText(firstMainRequest(runs.hub.requests));
    expect(listing, describeRun(runs.hub)).toContain(`- ${plugin.name}:${skill.frontmatter.name}: ${skill.frontmatter.description}`);
  });

  test('lists the agent with its description', () => {
    const listing = systemMessagesText(firstMainRequest(runs.hub.requests));
    expect(listing, describeRun(runs.hub)).toContain(`- ${plugin.name}:${agent.frontmatter.name}: ${agent.frontmatter.description}`);
  });
});
