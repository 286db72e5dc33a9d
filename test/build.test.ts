import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { build } from '../src/build.ts';
import { marketplaceEntrySchema, marketplaceSchema } from '../src/schemas/marketplace.ts';
import { catalogSchema } from '../src/schemas/catalog.ts';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..');
const dist = inject('distDir');
const plugin = path.join(dist, 'proagent-backend');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const read = (rel: string) => fs.readFileSync(path.join(plugin, rel), 'utf8');
const temps: string[] = [];
afterAll(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

function listTree(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listTree(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe('the bundle', () => {
  test('holds only what runs: no sources, tests, package files or contributor notes', () => {
    const top = fs.readdirSync(plugin).sort();
    expect(top).toEqual(expect.arrayContaining(['.claude-plugin', 'LICENSE', 'README.md', 'SOURCES.md', 'agents', 'commands', 'skills']));
    for (const absent of ['src', 'test', 'scripts', 'node_modules', 'package.json', 'CLAUDE.md', 'proagent.config.json', 'assets', 'tsconfig.json']) expect(top).not.toContain(absent);
  });

  test('plugin.json carries the version of package.json, the single source', () => {
    const manifest = JSON.parse(read('.claude-plugin/plugin.json')) as { version: string; name: string };
    expect(manifest.version).toBe(pkg.version);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, '.claude-plugin/plugin.json'), 'utf8'))).not.toHaveProperty('version');
  });

  test('every citation is rewritten to a file Claude can Read, keeping its source', () => {
    const agent = read('agents/backend-specialist.md');
    expect(agent).not.toMatch(/`proagent\/roles\/[^`]+`/);
    expect(agent).toContain('`${CLAUDE_PLUGIN_ROOT}/skills/backend-assistant/references/api-design.md` (source: proagent/roles/backend-engineer/skills/api-design.md)');
    for (const m of agent.matchAll(/\$\{CLAUDE_PLUGIN_ROOT\}\/([\w./-]+\.md)/g)) expect(fs.existsSync(path.join(plugin, m[1]!)), m[1]).toBe(true);
  });

  test('SOURCES.md lists every catalog source with its knowledge file', () => {
    const catalog = catalogSchema.parse(parse(fs.readFileSync(path.join(ROOT, 'assets/catalog.yaml'), 'utf8')));
    const sources = read('SOURCES.md');
    for (const ref of catalog.references) for (const s of ref.sources) expect(sources).toContain(`| ${s} | skills/backend-assistant/references/${ref.file} |`);
  });
});

describe('the zip', () => {
  const zipPath = path.join(dist, `proagent-backend-${pkg.version}.zip`);

  test('holds exactly the bundle folder, byte for byte', () => {
    const entries = unzipSync(fs.readFileSync(zipPath));
    const names = Object.keys(entries).sort();
    expect(names).toEqual(listTree(plugin).map((f) => `proagent-backend/${f}`).sort());
    for (const name of names) expect(Buffer.from(entries[name]!).equals(fs.readFileSync(path.join(dist, name))), name).toBe(true);
  });

  test('is byte-identical when the same input is built again', () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-rebuild-'));
    temps.push(again);
    const result = build({ root: ROOT, outDir: again });
    expect(result.diagnostics).toEqual([]);
    expect(fs.readFileSync(path.join(again, path.basename(zipPath))).equals(fs.readFileSync(zipPath))).toBe(true);
  });
});

describe('the marketplaces', () => {
  test('dist/marketplace is a valid local marketplace holding a copy of the bundle', () => {
    const market = marketplaceSchema.parse(JSON.parse(fs.readFileSync(path.join(dist, 'marketplace/.claude-plugin/marketplace.json'), 'utf8')));
    expect(market.name).toBe('provectus-marketplace');
    expect(market.plugins[0]).toMatchObject({ name: 'proagent-backend', version: pkg.version, source: './plugins/proagent-backend' });
    expect(listTree(path.join(dist, 'marketplace/plugins/proagent-backend')).sort()).toEqual(listTree(plugin).sort());
  });

  test('marketplace-entry.json pins the release zip by its sha256', () => {
    const entry = marketplaceEntrySchema.parse(JSON.parse(fs.readFileSync(path.join(dist, 'marketplace-entry.json'), 'utf8')));
    const sha = createHash('sha256').update(fs.readFileSync(path.join(dist, `proagent-backend-${pkg.version}.zip`))).digest('hex');
    expect(entry.source).toEqual({ source: 'archive', url: expect.stringContaining(`v${pkg.version}/proagent-backend-${pkg.version}.zip`), sha256: sha });
    expect(entry.version).toBe(pkg.version);
  });
});
