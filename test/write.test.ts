import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { writeAtomically } from '../src/bundle/write.ts';

test('a new build replaces the previous output completely, leaving no temporary folders', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-write-'));
  const out = path.join(parent, 'dist');
  writeAtomically(out, new Map([['old.txt', Buffer.from('old')]]));
  writeAtomically(out, new Map([['a/new.txt', Buffer.from('new')]]));
  expect(fs.readdirSync(out)).toEqual(['a']);
  expect(fs.readFileSync(path.join(out, 'a/new.txt'), 'utf8')).toBe('new');
  expect(fs.readdirSync(parent)).toEqual(['dist']);
  fs.rmSync(parent, { recursive: true });
});

test('a write that fails midway keeps the previous output and cleans up', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-write-'));
  const out = path.join(parent, 'dist');
  writeAtomically(out, new Map([['keep.txt', Buffer.from('previous')]]));
  // A file and a folder of the same path cannot both be written.
  expect(() => writeAtomically(out, new Map([['x', Buffer.from('file')], ['x/y', Buffer.from('nested')]]))).toThrow();
  expect(fs.readFileSync(path.join(out, 'keep.txt'), 'utf8')).toBe('previous');
  expect(fs.readdirSync(parent)).toEqual(['dist']);
  fs.rmSync(parent, { recursive: true });
});
