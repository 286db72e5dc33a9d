import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * docs/capabilities.md maps every capability bullet of the seed documents to the plugin files that
 * handle it. Each row must point at plugin files that exist and still contain the row's evidence.
 */

const root = path.resolve(import.meta.dirname, '..');
const docPath = path.join(root, 'docs', 'capabilities.md');
const HEADER = '| Seed | Capability | Handled in | Evidence |';
const PLUGIN_DIRS = ['commands/', 'agents/', 'skills/'];

interface Row {
  line: number;
  seed: string;
  capability: string;
  files: string[];
  evidence: string[];
}

function cells(line: string): string[] {
  const trimmed = line.trim();
  return trimmed.slice(1, trimmed.endsWith('|') ? -1 : undefined).split('|').map((c) => c.trim());
}

/** Rows of the table whose header is exactly HEADER; stops at the first line that is not a table row. */
function parseTable(markdown: string): Row[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === HEADER);
  if (start < 0) throw new Error(`no table with header ${HEADER} in ${docPath}`);
  const rows: Row[] = [];
  for (let i = start + 2; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (!text.trim().startsWith('|')) break;
    const [seed = '', capability = '', handled = '', evidence = '', ...extra] = cells(text);
    if (extra.length > 0) throw new Error(`line ${i + 1}: expected 4 cells, got ${4 + extra.length}`);
    rows.push({
      line: i + 1,
      seed,
      capability,
      files: handled.split(',').map((f) => f.trim().replace(/^`|`$/g, '')).filter((f) => f !== ''),
      evidence: evidence.split(/\s;\s/).map((t) => t.trim()).filter((t) => t !== ''),
    });
  }
  return rows;
}

const rows = parseTable(fs.readFileSync(docPath, 'utf8'));

const contents = new Map<string, string>();
function lowerText(file: string): string {
  let text = contents.get(file);
  if (text === undefined) {
    text = fs.readFileSync(path.join(root, file), 'utf8').toLowerCase();
    contents.set(file, text);
  }
  return text;
}

function isPluginPath(file: string): boolean {
  if (path.posix.normalize(file) !== file || file.startsWith('/')) return false;
  return file === 'README.md' || PLUGIN_DIRS.some((dir) => file.startsWith(dir));
}

describe('docs/capabilities.md', () => {
  test('the table has at least 100 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
  });

  test.each(['000', '001', '002', '003', '004'])('seed %s has rows', (seed) => {
    expect(rows.filter((r) => r.seed.startsWith(`${seed} `)).length).toBeGreaterThan(0);
  });

  test.each(rows)('line $line: $seed: $capability', (row) => {
    expect(row.seed, 'Seed').toMatch(/^00[0-4] \S/);
    expect(row.capability, 'Capability').not.toBe('');
    expect(row.files, 'Handled in').not.toHaveLength(0);
    expect(row.evidence, 'Evidence').not.toHaveLength(0);
    for (const file of row.files) {
      expect(isPluginPath(file), `${file} is not a plugin path`).toBe(true);
      expect(fs.statSync(path.join(root, file), { throwIfNoEntry: false })?.isFile(), `${file} does not exist`).toBe(true);
      const text = lowerText(file);
      for (const term of row.evidence) {
        expect(text.includes(term.toLowerCase()), `"${term}" not found in ${file}`).toBe(true);
      }
    }
  });
});
