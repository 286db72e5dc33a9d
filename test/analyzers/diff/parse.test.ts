import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyzerErrorSchema } from '../../../src/analyzers/finding.ts';
import { diffFileSchema, MAX_DIFF_CHARS, parseDiff, type DiffFile } from '../../../src/analyzers/diff/parse.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/analyzers/diff');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** Parses a fixture (all created with real `git diff`) and returns its files, failing the test on an error. */
function files(name: string): DiffFile[] {
  const result = parseDiff(read(name));
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  for (const file of result.files) diffFileSchema.parse(file);
  return result.files;
}

function only(name: string): DiffFile {
  const [file, ...rest] = files(name);
  expect(rest).toHaveLength(0);
  if (!file) throw new Error(`${name}: no file`);
  return file;
}

describe('parseDiff on git output', () => {
  test('a new file: no old path, every line added from line 1', () => {
    expect(only('added.diff')).toMatchObject({ oldPath: null, newPath: 'added.txt', status: 'added', addedLines: [{ line: 1, text: 'new' }, { line: 2, text: 'second' }], newMode: '100644' });
  });

  test('a deleted file: no new path and no added lines', () => {
    expect(only('deleted.diff')).toMatchObject({ oldPath: 'gone.txt', newPath: null, status: 'deleted', addedLines: [] });
  });

  test('a rename with edits keeps both paths, the similarity and the added line in new-file numbering', () => {
    expect(only('renamed.diff')).toMatchObject({ oldPath: 'ren.txt', newPath: 'renamed.txt', status: 'renamed', similarity: 90, addedLines: [{ line: 15, text: 'fifteen' }] });
  });

  test('a pure rename (similarity 100%) has no hunks', () => {
    expect(only('renamed-pure.diff')).toMatchObject({ oldPath: 'pure.txt', newPath: 'moved.txt', status: 'renamed', similarity: 100, addedLines: [], contextLines: [] });
  });

  test('"Binary files ... differ" is a binary file', () => {
    expect(only('binary.diff')).toMatchObject({ newPath: 'bin.dat', status: 'binary', addedLines: [] });
  });

  test('"GIT binary patch" is a binary file and its base85 lines are not taken for text', () => {
    expect(only('binary-patch.diff')).toMatchObject({ newPath: 'bin2.dat', status: 'binary', addedLines: [] });
  });

  test('a quoted path with octal UTF-8 escapes is decoded', () => {
    expect(only('quoted-path.diff')).toMatchObject({ oldPath: 'café.md', newPath: 'café.md', addedLines: [{ line: 2, text: 'salut' }] });
  });

  test('a path with spaces (git ends its ---/+++ lines with a tab) is kept whole', () => {
    expect(only('space-path.diff')).toMatchObject({ oldPath: 'my file.txt', newPath: 'my file.txt', addedLines: [{ line: 2, text: 'y z' }] });
  });

  test('"\\ No newline at end of file" is neither an added line nor part of one', () => {
    expect(only('no-newline.diff').addedLines).toEqual([{ line: 1, text: 'b' }]);
  });

  test('a mode change alone has modes and no lines', () => {
    expect(only('mode-change.diff')).toMatchObject({ newPath: 'run.sh', status: 'modified', oldMode: '100644', newMode: '100755', addedLines: [] });
  });

  test('several files and hunks: each added line carries its own new-file number, with context around it', () => {
    const [keep, multi] = files('multi-hunk.diff');
    expect(keep?.addedLines).toEqual([{ line: 2, text: 'TWO' }, { line: 4, text: 'four' }]);
    expect(multi?.addedLines).toEqual([{ line: 2, text: 'two' }, { line: 35, text: 'thirtyfive' }]);
    expect(multi?.contextLines.map((l) => l.line)).toEqual([1, 3, 4, 5, 32, 33, 34, 36, 37, 38]);
  });

  test('a combined diff of a merge conflict: lines new to the first parent are added', () => {
    expect(only('combined.diff')).toMatchObject({
      newPath: 'multi.txt',
      status: 'modified',
      addedLines: [{ line: 2, text: '<<<<<<< HEAD' }, { line: 4, text: '=======' }, { line: 5, text: 'side change' }, { line: 6, text: '>>>>>>> side2' }],
      contextLines: [{ line: 1, text: 'A' }, { line: 3, text: 'main change' }, { line: 7, text: 'C' }],
    });
  });

  test('git show --cc of a merge: the commit header is skipped and the resolution lines are added', () => {
    expect(only('combined-merge.diff').addedLines).toEqual([{ line: 2, text: 'resolved + extra' }, { line: 4, text: 'added' }]);
  });

  test('a plain `diff -u` without git headers keeps its paths as written', () => {
    expect(only('plain-unified.diff')).toMatchObject({ oldPath: 'o.txt', newPath: 'n.txt', status: 'modified', addedLines: [{ line: 2, text: 'B' }, { line: 3, text: 'c' }] });
  });

  test('the whole diff of a working tree lists every file once', () => {
    expect(files('all.diff').map((f) => `${f.status}:${f.newPath ?? f.oldPath}`)).toEqual([
      'added:added.txt',
      'binary:bin.dat',
      'binary:bin2.dat',
      'modified:café.md',
      'deleted:gone.txt',
      'modified:keep.txt',
      'renamed:moved.txt',
      'modified:multi.txt',
      'modified:my file.txt',
      'modified:nonl.txt',
      'renamed:renamed.txt',
      'modified:run.sh',
    ]);
  });
});

describe('parseDiff edge input', () => {
  test('an empty diff is no files, not an error', () => {
    expect(parseDiff('')).toEqual({ ok: true, findings: [], files: [] });
    expect(parseDiff('\n  \n')).toEqual({ ok: true, findings: [], files: [] });
  });

  test('text that is not a diff is unsupported input', () => {
    const result = parseDiff('hello\nworld\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unsupported-input');
  });

  test('a hunk whose lines contradict its header is a parse error with the file header line', () => {
    const result = parseDiff('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n?garbage\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'parse-error', line: 1 });
  });

  test('input above the size cap is refused before parsing', () => {
    const result = parseDiff('x'.repeat(MAX_DIFF_CHARS + 1));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('input-too-large');
  });

  test('a diff saved with CRLF line endings gives added lines without carriage returns', () => {
    const result = parseDiff(read('added.diff').replace(/\n/g, '\r\n'));
    expect(result.ok && result.files[0]?.addedLines).toEqual([{ line: 1, text: 'new' }, { line: 2, text: 'second' }]);
  });

  test('a non-string argument is an invalid argument', () => {
    const result = parseDiff(42 as unknown as string);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-argument');
  });
});

const hasGit = spawnSync('git', ['--version']).status === 0;

describe.skipIf(!hasGit)('parseDiff on a diff made now by git', () => {
  test('rename, quoted non-ASCII path and a path with spaces in one diff', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-diff-'));
    try {
      const git = (...args: string[]) => {
        const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'core.quotepath=true', ...args], { cwd: repo, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(r.stderr);
        return r.stdout;
      };
      git('init', '-q');
      fs.writeFileSync(path.join(repo, 'old name.py'), Array.from({ length: 20 }, (_, i) => `x${i} = ${i}`).join('\n') + '\n');
      fs.writeFileSync(path.join(repo, 'naïve.go'), 'package x\n');
      git('add', '-A');
      git('commit', '-qm', 'init');
      git('mv', 'old name.py', 'new name.py');
      fs.appendFileSync(path.join(repo, 'new name.py'), 'y = 1\n');
      fs.appendFileSync(path.join(repo, 'naïve.go'), 'var z = 2\n');
      git('add', '-A');
      const result = parseDiff(git('diff', '--cached', '-M'));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.files).toEqual([
        expect.objectContaining({ oldPath: 'naïve.go', newPath: 'naïve.go', status: 'modified', addedLines: [{ line: 2, text: 'var z = 2' }] }),
        expect.objectContaining({ oldPath: 'old name.py', newPath: 'new name.py', status: 'renamed', addedLines: [{ line: 21, text: 'y = 1' }] }),
      ]);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('parseDiff never throws', () => {
  const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.diff')).map(read);
  const outcome = (text: string) => {
    const result = parseDiff(text);
    if (result.ok) return Array.isArray(result.files) && result.files.every((f) => diffFileSchema.safeParse(f).success);
    return analyzerErrorSchema.safeParse(result.error).success;
  };

  test('on random text and on real diffs with lines dropped, duplicated or cut', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'dup', 'cut', 'insert')), { maxLength: 6 }), fc.string())
      .map(([text, edits, junk]) => {
        const lines = text.split('\n');
        for (const [at, edit] of edits) {
          const i = at % Math.max(lines.length, 1);
          if (edit === 'drop') lines.splice(i, 1);
          else if (edit === 'dup') lines.splice(i, 0, lines[i] ?? '');
          else if (edit === 'cut') lines[i] = (lines[i] ?? '').slice(0, (lines[i] ?? '').length >> 1);
          else lines.splice(i, 0, junk);
        }
        return lines.join('\n');
      });
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 400 }), mutated), (text) => outcome(text)), { numRuns: 200 });
  });
});
