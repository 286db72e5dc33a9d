import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchAnalyzers } from '../bench/analyzers.ts';
import type { Figure } from '../bench/figures.ts';
import { benchToolchain } from '../bench/toolchain.ts';

const ZIP_BUDGET_BYTES = 15 * 1024 * 1024;
const root = path.resolve(import.meta.dirname, '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-bench-dist-'));

try {
  const figures: Figure[] = benchToolchain(root, out);
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const analyzers = await benchAnalyzers(path.join(out, 'proagent-backend'), path.join(out, `proagent-backend-${version}.zip`));
  figures.push(...analyzers.figures);

  let missed = 0;
  for (const f of figures) {
    const verdict = f.targetMs === undefined ? '(reference)' : f.medianMs <= f.targetMs ? `<= ${f.targetMs} ms: ok` : `> ${f.targetMs} ms: MISSED`;
    if (f.targetMs !== undefined && f.medianMs > f.targetMs) missed++;
    console.log(`${f.name.padEnd(60)} median ${f.medianMs.toFixed(1).padStart(8)} ms  ${verdict}  [${f.runs.map((r) => r.toFixed(0)).join(', ')}]`);
  }
  const zipOk = analyzers.zipBytes <= ZIP_BUDGET_BYTES;
  if (!zipOk) missed++;
  console.log(`${'plugin zip size'.padEnd(60)} ${(analyzers.zipBytes / 1024 / 1024).toFixed(2).padStart(8)} MB  <= 15 MB: ${zipOk ? 'ok' : 'MISSED'}`);
  process.exitCode = missed ? 1 : 0;
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
