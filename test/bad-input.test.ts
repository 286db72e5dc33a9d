import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FIXTURES, materialise } from './helpers/fixtures.ts';

const CLI = path.resolve(import.meta.dirname, '../scripts/cli.ts');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function runCli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK_FRAME = /^\s+at .+[:(]\d+:\d+\)?$/m;

/** The bad inputs the foundation issue lists, each with the fixture that holds it and the rule it must get. */
const BAD_INPUTS: [string, string, string][] = [
  ['no frontmatter', 'rules/frontmatter-missing', 'frontmatter-missing'],
  ['malformed YAML', 'bad-input/malformed-yaml', 'yaml-syntax'],
  ['duplicate keys', 'rules/yaml-duplicate-key', 'yaml-duplicate-key'],
  ['a BOM', 'rules/file-bom', 'file-bom'],
  ['CRLF line endings', 'rules/file-crlf', 'file-crlf'],
  ['tab indentation', 'rules/yaml-syntax', 'yaml-syntax'],
  ['a 10 MB markdown file', 'rules/file-too-large', 'file-too-large'],
  ['a binary file named .md', 'rules/file-binary', 'file-binary'],
  ['a value of the wrong type', 'rules/invalid-value', 'invalid-value'],
  ['a symlink leaving the root', 'rules/symlink-escape', 'symlink-escape'],
  ['a citation of ../../etc/passwd', 'rules/path-escape', 'path-escape'],
  ['.mcp.json that is not JSON', 'rules/json-syntax', 'json-syntax'],
  ['hooks.json without its wrapper', 'rules/hooks-wrapper-missing', 'hooks-wrapper-missing'],
];

describe.each(BAD_INPUTS)('build with %s', (_name, fixture, rule) => {
  test(`reports ${rule} with a location, exits 1, prints no stack trace and leaves dist/ untouched`, () => {
    const { root } = materialise(path.join(FIXTURES, fixture));
    roots.push(root);
    const dist = path.join(root, 'dist');
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(dist, 'previous.txt'), 'the last good build');

    const r = runCli(['build', '--root', root]);

    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^\\S+:\\d+:\\d+ error ${rule} .+\\(fix: .+\\)$`, 'm'));
    expect(r.stdout + r.stderr).not.toMatch(STACK_FRAME);
    expect(fs.readdirSync(dist)).toEqual(['previous.txt']);
    expect(fs.readFileSync(path.join(dist, 'previous.txt'), 'utf8')).toBe('the last good build');
    expect(fs.readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

test('every problem of a run is reported together, not just the first', () => {
  const { root } = materialise(path.join(FIXTURES, 'rules/json-syntax'));
  roots.push(root);
  fs.cpSync(path.join(FIXTURES, 'rules/frontmatter-missing'), root, { recursive: true, filter: (s) => !s.endsWith('fixture.json') });
  const r = runCli(['validate', '--root', root, '--format', 'json']);
  expect(r.code).toBe(1);
  const rules = (JSON.parse(r.stdout) as { diagnostics: { rule: string }[] }).diagnostics.map((d) => d.rule);
  expect(rules).toEqual(expect.arrayContaining(['json-syntax', 'frontmatter-missing']));
});

test('a clean plugin validates with exit 0', () => {
  const { root } = materialise();
  roots.push(root);
  const r = runCli(['validate', '--root', root]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

test.each([
  [['publish'], /unknown command "publish"/],
  [['build', '--format', 'yaml'], /--format must be text or json/],
  [['build', '--no-such-flag'], /Unknown option '--no-such-flag'/],
  [[], /missing command/],
])('usage error %j exits 2 with a message and the usage', (args, message) => {
  const r = runCli(args);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(STACK_FRAME);
});
