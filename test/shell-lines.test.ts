import { describe, expect, test } from 'vitest';
import { findShellLines, isCovered, isGuarded, splitCommand } from '../src/validate/shell-lines.ts';

describe('findShellLines', () => {
  test('finds ! lines at the start of a line or after whitespace, and ```! blocks', () => {
    const body = 'Stat: !`git diff --stat`\n!`ls`\nX=!`not-run`\n```!\nnode a.mjs\nnode b.mjs\n```\n';
    expect(findShellLines(body).map((l) => l.command)).toEqual(['git diff --stat', 'ls', 'node a.mjs', 'node b.mjs']);
  });
});

describe('splitCommand', () => {
  test('splits on control operators outside quotes only', () => {
    expect(splitCommand('git diff --stat || echo "a || b; c"').segments).toEqual(['git diff --stat', 'echo "a || b; c"']);
    expect(splitCommand('a && b | c; d').operators).toEqual(['&&', '|', ';']);
  });
});

describe('isCovered', () => {
  test('prefix rules in both spellings cover the program and its arguments', () => {
    expect(isCovered('git diff --stat', ['Bash(git diff:*)'])).toBe(true);
    expect(isCovered('node x.mjs', ['Bash(node *)'])).toBe(true);
    expect(isCovered('git log', ['Bash(git diff:*)'])).toBe(false);
    expect(isCovered('nodejs x', ['Bash(node:*)'])).toBe(false);
  });
  test('redirections do not change what runs', () => {
    expect(isCovered('git diff 2>/dev/null', ['Bash(git diff:*)'])).toBe(true);
  });
  test('echo needs no rule; anything else needs one', () => {
    expect(isCovered('echo "(none)"', [])).toBe(true);
    expect(isCovered('cat package.json', [])).toBe(false);
  });
});

describe('isGuarded', () => {
  test('a trailing || echo fallback guards the line', () => {
    expect(isGuarded('git diff --stat || echo "(no git)"')).toBe(true);
    expect(isGuarded('git diff --stat')).toBe(false);
    expect(isGuarded('git diff || echo x && false')).toBe(false);
    expect(isGuarded('echo hello')).toBe(true);
  });
});
