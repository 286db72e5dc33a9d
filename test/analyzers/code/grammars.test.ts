import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { analyzeSource } from '../../../src/analyzers/code/analyze.ts';
import { CODE_LANGUAGES, GRAMMARS_DIR_ENV, grammarPath, languageForPath } from '../../../src/analyzers/code/grammars.ts';

const dirs: string[] = [];
afterEach(() => {
  delete process.env[GRAMMARS_DIR_ENV];
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder laid out like the bundle's: every grammar .wasm flat in one directory. */
function bundleLikeDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-grammars-'));
  dirs.push(dir);
  for (const language of CODE_LANGUAGES) {
    const from = grammarPath(language, undefined);
    fs.copyFileSync(from, path.join(dir, path.basename(from)));
  }
  return dir;
}

const SNIPPET = 'def f(cur, n):\n    cur.execute(f"SELECT id FROM t WHERE n = \'{n}\'")\n';

describe('grammars', () => {
  test.each([
    ['src/a.ts', 'typescript'],
    ['src/a.tsx', 'tsx'],
    ['src/a.mjs', 'javascript'],
    ['src/a.jsx', 'javascript'],
    ['app/a.py', 'python'],
    ['cmd/a.go', 'go'],
    ['types/a.d.ts', undefined],
    ['README.md', undefined],
  ])('%s is %s', (file, language) => {
    expect(languageForPath(file)).toBe(language);
  });

  test('the grammarsDir option loads grammars from a flat folder', async () => {
    const result = await analyzeSource(SNIPPET, { file: 'a.py', grammarsDir: bundleLikeDir() });
    expect(result.ok && result.findings.map((f) => f.rule)).toEqual(['sql-injection']);
  });

  test(`${GRAMMARS_DIR_ENV} is used when no option is given`, async () => {
    process.env[GRAMMARS_DIR_ENV] = bundleLikeDir();
    const result = await analyzeSource(SNIPPET, { file: 'a.py' });
    expect(result.ok && result.findings.map((f) => f.rule)).toEqual(['sql-injection']);
  });

  test('a folder without grammars is a structured error naming the option and the variable', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-grammars-'));
    dirs.push(empty);
    const result = await analyzeSource(SNIPPET, { file: 'a.py', grammarsDir: empty });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(new RegExp(`grammarsDir.*${GRAMMARS_DIR_ENV}`));
  });

  test.each(['a.ts', 'a.tsx', 'a.js', 'a.py', 'a.go'])('%s parses with its grammar', async (file) => {
    const result = await analyzeSource('', { file });
    expect(result).toEqual({ ok: true, findings: [] });
  });
});
