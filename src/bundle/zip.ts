import { zipSync, type Zippable } from 'fflate';
import type { BundleFiles } from './plan.ts';

/** Fixed timestamp (the earliest a zip can hold) so identical input gives byte-identical archives. */
const EPOCH = new Date('1980-01-01T00:00:00Z');

export function zipBundle(files: BundleFiles, folder: string): Uint8Array {
  const entries: Zippable = {};
  for (const [rel, bytes] of files) entries[`${folder}/${rel}`] = [new Uint8Array(bytes), { mtime: EPOCH, level: 9 }];
  return zipSync(entries, { mtime: EPOCH });
}
