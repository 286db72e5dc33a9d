import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures } from './fixtures.ts';
import { runOurs, runSquawk, squawkFlags } from './squawk-runner.ts';

/**
 * Our SQL lint and squawk side by side on the same fixtures. The expectations are the fixture table of
 * docs/squawk-comparison.md: this test fails when either tool, the flags, or a verdict stops matching the page.
 */
const DOC = readFileSync(new URL('../../../docs/squawk-comparison.md', import.meta.url), 'utf8');

interface Row {
  fixture: string;
  flags: string[];
  ours: string[];
  squawk: string[];
  verdict: string;
  why: string;
}

function cell(text: string): string[] {
  return text === '—' ? [] : [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
}

const rows: Row[] = DOC.split('\n')
  .filter((line) => /^\| `[^`]+\.sql` \|/.test(line))
  .map((line) => {
    const [fixture = '', flags = '', ours = '', squawk = '', verdict = '', why = ''] = line.split('|').slice(1, -1).map((c) => c.trim());
    return { fixture: fixture.replace(/`/g, ''), flags: cell(flags), ours: cell(ours), squawk: cell(squawk), verdict, why };
  });

const fixtures = loadFixtures();
const lines = (cells: string[]) => [...new Set(cells.map((c) => c.split('@')[1]))].sort().join(',');

describe('SQL lint vs squawk (docs/squawk-comparison.md)', () => {
  let squawk: Map<string, string[]>;
  beforeAll(async () => {
    squawk = await runSquawk(fixtures);
  });

  it('documents every fixture exactly once', () => {
    expect(rows.map((r) => r.fixture).sort()).toEqual(fixtures.map((f) => f.name).sort());
  });

  it('explains every difference with a note that exists', () => {
    for (const row of rows) {
      expect(row.verdict, row.fixture).toBe(lines(row.ours) === lines(row.squawk) ? 'agree' : 'differ');
      const notes = row.why.split(',').map((n) => n.trim()).filter(Boolean);
      expect(notes.length > 0, `${row.fixture} needs a Why`).toBe(row.verdict === 'differ');
      for (const note of notes) expect(DOC, `${row.fixture}: ${note}`).toContain(`### ${note} `);
    }
  });

  for (const row of rows) {
    it(`${row.fixture}: ${row.verdict}`, async () => {
      const fixture = fixtures.find((f) => f.name === row.fixture);
      if (!fixture) throw new Error(`no fixture ${row.fixture}`);
      expect(squawkFlags(fixture)).toEqual(row.flags);
      expect(await runOurs(fixture)).toEqual(row.ours);
      expect(squawk.get(row.fixture)).toEqual(row.squawk);
    });
  }
});
