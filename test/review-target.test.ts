import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { runRuntime } from '../src/cli/runtime.ts';

let repo: string;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' }).trim();

/** main: a.txt; feature: one commit changing a.txt, then an uncommitted b.txt change and an untracked c.txt. */
beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-review-'));
  git('init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(repo, 'a.txt'), 'one\n');
  fs.writeFileSync(path.join(repo, 'b.txt'), 'bee\n');
  git('add', '.');
  git('commit', '-qm', 'base');
  git('checkout', '-qb', 'feature');
  fs.appendFileSync(path.join(repo, 'a.txt'), 'two\n');
  git('commit', '-qam', 'feature work');
  fs.appendFileSync(path.join(repo, 'b.txt'), 'uncommitted\n');
  fs.writeFileSync(path.join(repo, 'c.txt'), 'untracked\n');
  fs.writeFileSync(path.join(repo, 'change.diff'), git('diff', 'main', '--', 'a.txt') + '\n');
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

async function review(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  process.chdir(repo);
  try {
    const code = await runRuntime(['review', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.chdir(cwd);
  }
}

describe('review targets', () => {
  test('no target: working tree and index against the merge-base with the default branch', async () => {
    const r = await review();
    expect(r.code).toBe(0);
    expect(r.out).toContain(`merge-base with main (${git('merge-base', 'HEAD', 'main').slice(0, 12)})`);
    expect(r.out).toMatch(/a\.txt \| 1 \+/);
    expect(r.out).toMatch(/b\.txt \| 1 \+/);
    expect(r.out).toContain('Untracked files (analyzed as new, but not in the full diff command; Read them if they belong to the change): c.txt');
  });

  test('a range a..b shows only the committed change between them', async () => {
    const r = await review('main..feature');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Full diff: `git diff main..feature`');
    expect(r.out).toMatch(/a\.txt \| 1 \+/);
    expect(r.out).not.toMatch(/b\.txt \|/);
  });

  test('a symmetric range a...b compares with the merge-base', async () => {
    const r = await review('main...feature');
    expect(r.out).toContain('feature against its merge-base with main');
  });

  test('a .diff file is reviewed as given', async () => {
    const r = await review('change.diff');
    expect(r.code).toBe(0);
    expect(r.out).toContain('the patch file change.diff');
    expect(r.out).toContain('+two');
  });

  test('a path is reviewed as it is, without a diff', async () => {
    const r = await review('b.txt');
    expect(r.out).toContain('Review these paths as they are: b.txt');
    expect(r.out).not.toContain('```diff');
  });

  test('a large diff is not pasted; the reviewer is told how to read it', async () => {
    const r = await review('--max-diff-lines', '3');
    expect(r.out).not.toContain('```diff');
    expect(r.out).toMatch(/The diff has \d+ lines/);
  });

  test('the confidence cut-off is echoed for the reviewer, 70 by default', async () => {
    expect((await review()).out).toContain('Minimum confidence: 70');
    expect((await review('--min-confidence', '55')).out).toContain('Minimum confidence: 55');
  });

  test.each([['main;rm -rf x'], ['--output=/tmp/x'], ['$(touch pwned)'], ['no-such-thing']])('refuses %s with exit 2 and runs nothing', async (arg) => {
    const r = await review(arg);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/proagent-backend review: /);
    expect(fs.existsSync(path.join(repo, 'pwned'))).toBe(false);
  });

  test('outside a git repository it says so instead of failing obscurely', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-nogit-'));
    const cwd = process.cwd();
    process.chdir(outside);
    const err: string[] = [];
    try {
      expect(await runRuntime(['review'], { out: () => {}, err: (s) => err.push(s) })).toBe(2);
    } finally {
      process.chdir(cwd);
      fs.rmSync(outside, { recursive: true });
    }
    expect(err.join('')).toContain('not inside a git repository');
  });
});

test('the bundled runtime runs with plain node from the plugin folder, with no node_modules', () => {
  const bin = path.join(inject('distDir'), 'proagent-backend/bin/proagent-backend.mjs');
  expect(fs.existsSync(path.join(inject('distDir'), 'node_modules'))).toBe(false);
  const r = spawnSync(process.execPath, [bin, 'review', 'main..feature'], { cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/a\.txt \| 1 \+/);
});
