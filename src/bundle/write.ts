import fs from 'node:fs';
import path from 'node:path';

/**
 * Replaces outDir with exactly these files. Everything is written into a sibling temporary folder
 * first and swapped in by rename, so a failure leaves the previous dist/ as it was.
 */
export function writeAtomically(outDir: string, files: Map<string, Uint8Array>): void {
  const parent = path.dirname(path.resolve(outDir));
  fs.mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const temp = path.join(parent, `.${path.basename(outDir)}.tmp-${stamp}`);
  const old = path.join(parent, `.${path.basename(outDir)}.old-${stamp}`);
  try {
    for (const [rel, bytes] of files) {
      const target = path.join(temp, rel);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, bytes);
    }
    const hadPrevious = fs.existsSync(outDir);
    if (hadPrevious) fs.renameSync(outDir, old);
    try {
      fs.renameSync(temp, outDir);
    } catch (error) {
      if (hadPrevious) fs.renameSync(old, outDir);
      throw error;
    }
    if (hadPrevious) fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}
