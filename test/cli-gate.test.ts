/**
 * The final gate: the real Claude Code CLI judges the built dist/ the way users and the plugin
 * directory will. Every run gets a throwaway HOME; the API is an unreachable loopback port.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { analyze } from '../src/pipeline.ts';
import { describeRun, makeHome, runClaude, UNREACHABLE_API, type RunOptions, type RunResult } from './e2e/claude.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The always-on budget the plugin promises (proagent.config.json budgets.alwaysOnTokens). */
const ALWAYS_ON_BUDGET = 200;
/** How far `claude plugin details` may stray from the build's own estimate. */
const ESTIMATE_TOLERANCE = 0.15;

const dist = inject('distDir');
const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const pluginDir = path.join(dist, 'proagent-backend');
const manifest = readJson<{ name: string; version: string }>(path.join(pluginDir, '.claude-plugin/plugin.json'));
const marketplaceDir = path.join(dist, 'marketplace');
const marketplace = readJson<{ name: string; owner: unknown; description?: string }>(path.join(marketplaceDir, '.claude-plugin/marketplace.json'));
const zipPath = path.join(dist, `${manifest.name}-${manifest.version}.zip`);

let cwd: string;
beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-gate-'));
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

const claude = (args: string[], extra: Partial<RunOptions> = {}) => runClaude({ args, cwd, api: UNREACHABLE_API, ...extra });

// ---- what the build put in the plugin folder ----

function frontmatterName(file: string): string | undefined {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? '';
  return /^name:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(fm)?.[1];
}

/** Component names as `claude plugin details` lists them: commands and skills together as Skills. */
function builtComponents(): { skills: string[]; agents: string[] } {
  const mdIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')) : []);
  const commands = mdIn(path.join(pluginDir, 'commands')).map((f) => frontmatterName(path.join(pluginDir, 'commands', f)) ?? f.slice(0, -3));
  const skillsDir = path.join(pluginDir, 'skills');
  const skills = (fs.existsSync(skillsDir) ? fs.readdirSync(skillsDir) : [])
    .filter((d) => fs.existsSync(path.join(skillsDir, d, 'SKILL.md')))
    .map((d) => frontmatterName(path.join(skillsDir, d, 'SKILL.md')) ?? d);
  const agents = mdIn(path.join(pluginDir, 'agents')).map((f) => frontmatterName(path.join(pluginDir, 'agents', f)) ?? f.slice(0, -3));
  return { skills: [...commands, ...skills].sort(), agents: agents.sort() };
}

// ---- parsing `claude plugin details` ----

/** "Always-on:   ~185 tok" -> 185 ("~1.2k tok" -> 1200). */
function alwaysOn(details: string): number | undefined {
  const m = /Always-on:\s+~([\d.,]+)(k?)\s+tok/.exec(details);
  return m ? Number(m[1]!.replace(/,/g, '')) * (m[2] ? 1000 : 1) : undefined;
}

/** The "Component inventory" lines, e.g. { Skills: ['a', 'b'], Agents: ['c'], Hooks: [] }. */
function inventory(details: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of details.matchAll(/^\s{2}(Skills|Agents|Hooks|MCP servers|LSP servers) \((\d+)\)[ \t]*(.*)$/gm)) {
    const names = m[3]!.trim() ? m[3]!.trim().split(/,\s*/).sort() : [];
    out[m[1]!] = names;
  }
  return out;
}

// ---- the gate ----

describe('claude plugin validate', () => {
  test('the plugin folder passes --strict --profile directory with nothing to report', async () => {
    const run = await claude(['plugin', 'validate', '--strict', '--profile', 'directory', '--json', pluginDir]);
    let report: {
      success: boolean;
      manifest: { errors: unknown[]; warnings: unknown[] };
      contents: { file: string; errors: unknown[]; warnings: unknown[] }[];
      directory?: { findings: { code: string; severity: string; message: string; fix?: string }[] };
    };
    try {
      report = JSON.parse(run.stdout);
    } catch {
      throw new Error(`validate --json printed no JSON\n${describeRun(run)}`);
    }
    const findings = report.directory?.findings;
    expect(findings, 'no directory section: was --profile directory applied?').toBeDefined();
    expect(findings, `directory findings:\n${JSON.stringify(findings, null, 2)}`).toEqual([]);
    expect({ errors: report.manifest.errors, warnings: report.manifest.warnings }).toEqual({ errors: [], warnings: [] });
    expect(report.contents.filter((c) => c.errors.length || c.warnings.length)).toEqual([]);
    expect(report.success, describeRun(run)).toBe(true);
    expect(run.code, describeRun(run)).toBe(0);
  });

  test('the local marketplace passes --strict', async () => {
    const run = await claude(['plugin', 'validate', '--strict', marketplaceDir]);
    expect(run.code, describeRun(run)).toBe(0);
  });

  test('a marketplace holding the published entry passes --strict', async () => {
    const entry = readJson<{ name: string; source: { source: string } }>(path.join(dist, 'marketplace-entry.json'));
    expect(entry.source.source).toBe('archive');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-published-'));
    try {
      fs.mkdirSync(path.join(dir, '.claude-plugin'));
      const published = { name: marketplace.name, owner: marketplace.owner, description: marketplace.description, plugins: [entry] };
      fs.writeFileSync(path.join(dir, '.claude-plugin/marketplace.json'), `${JSON.stringify(published, null, 2)}\n`);
      const run = await claude(['plugin', 'validate', '--strict', dir]);
      expect(run.code, describeRun(run)).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('install from the local marketplace', () => {
  // These steps share one throwaway HOME and run in order.
  let home: string;
  const id = `${manifest.name}@${marketplace.name}`;
  beforeAll(() => {
    home = makeHome();
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  test('claude plugin marketplace add succeeds', async () => {
    const run = await claude(['plugin', 'marketplace', 'add', marketplaceDir], { home });
    expect(run.code, describeRun(run)).toBe(0);
  });

  test('claude plugin install succeeds', async () => {
    const run = await claude(['plugin', 'install', id], { home });
    expect(run.code, describeRun(run)).toBe(0);
  });

  test('claude plugin list --json shows the plugin enabled, at the built version, loaded without errors', async () => {
    const run = await claude(['plugin', 'list', '--json'], { home });
    expect(run.code, describeRun(run)).toBe(0);
    const entries = JSON.parse(run.stdout) as { id: string; enabled?: boolean; version?: string; readFromFolder?: string; errors?: string[] }[];
    const entry = entries.find((e) => e.id === id);
    expect(entry, `not listed: ${run.stdout}`).toBeDefined();
    expect(entry!.enabled).toBe(true);
    expect(entry!.version).toBe(manifest.version);
    expect(fs.realpathSync(entry!.readFromFolder ?? '.')).toBe(fs.realpathSync(path.join(marketplaceDir, 'plugins', manifest.name)));
    // A plugin that fails to load is listed with `errors` (e.g. "conflicting manifests").
    expect(entry!.errors ?? [], JSON.stringify(entry, null, 2)).toEqual([]);
  });
});

describe('claude plugin details', () => {
  let fromDir: RunResult;
  let fromZip: RunResult;
  beforeAll(async () => {
    // Nothing listens on the API port, so the CLI counts chars/4 like the build does.
    [fromDir, fromZip] = await Promise.all([
      claude(['plugin', 'details', manifest.name], { pluginDir }),
      claude(['plugin', 'details', manifest.name], { pluginDir: zipPath }),
    ]);
  });

  test('lists every component of the built plugin', () => {
    expect(fromDir.code, describeRun(fromDir)).toBe(0);
    const inv = inventory(fromDir.stdout);
    const built = builtComponents();
    expect({ skills: inv.Skills, agents: inv.Agents }, fromDir.stdout).toEqual(built);
  });

  test(`projects at most ${ALWAYS_ON_BUDGET} always-on tokens`, () => {
    const n = alwaysOn(fromDir.stdout);
    expect(n, `no "Always-on: ~N tok" line\n${describeRun(fromDir)}`).toBeDefined();
    expect(n!).toBeLessThanOrEqual(ALWAYS_ON_BUDGET);
  });

  test(`agrees with the build's always-on estimate within ${ESTIMATE_TOLERANCE * 100}%`, () => {
    const n = alwaysOn(fromDir.stdout);
    const estimate = analyze(ROOT).report?.alwaysOnTotal;
    expect(estimate, 'the build produced no cost report').toBeDefined();
    expect(n, `no "Always-on: ~N tok" line\n${describeRun(fromDir)}`).toBeDefined();
    expect(Math.abs(n! - estimate!) / estimate!, `details ~${n} vs build ~${estimate}`).toBeLessThanOrEqual(ESTIMATE_TOLERANCE);
  });

  test('loads the zip with the same components', () => {
    expect(fromZip.code, describeRun(fromZip)).toBe(0);
    const inv = inventory(fromZip.stdout);
    expect({ skills: inv.Skills, agents: inv.Agents }, fromZip.stdout).toEqual(builtComponents());
    expect(inv, 'the zip and the folder list different components').toEqual(inventory(fromDir.stdout));
  });
});
