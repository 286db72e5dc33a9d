import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
export const BASE = path.join(FIXTURES, 'base');

export interface FixtureSpec {
  /** Paths to delete from the base before the overlay is applied. */
  remove?: string[];
  /** Files generated at test time (too large to commit). */
  generate?: { path: string; bytes: number }[];
  /** Where the rule must be reported. */
  expect?: { file: string; line?: number; col?: number };
}

/** Copies the base plugin, applies a fixture overlay (files replace or add), and returns the new root. */
export function materialise(overlay?: string): { root: string; spec: FixtureSpec } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-fixture-'));
  fs.cpSync(BASE, root, { recursive: true, verbatimSymlinks: true });
  let spec: FixtureSpec = {};
  if (overlay) {
    const specFile = path.join(overlay, 'fixture.json');
    if (fs.existsSync(specFile)) spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as FixtureSpec;
    for (const rel of spec.remove ?? []) fs.rmSync(path.join(root, rel), { recursive: true, force: true });
    fs.cpSync(overlay, root, { recursive: true, verbatimSymlinks: true, filter: (src) => path.basename(src) !== 'fixture.json' });
    for (const g of spec.generate ?? []) {
      fs.mkdirSync(path.dirname(path.join(root, g.path)), { recursive: true });
      fs.writeFileSync(path.join(root, g.path), Buffer.alloc(g.bytes, 'a'));
    }
  }
  return { root, spec };
}

export function ruleFixtures(): string[] {
  return fs.readdirSync(path.join(FIXTURES, 'rules')).sort();
}
