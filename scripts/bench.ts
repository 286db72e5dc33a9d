import path from 'node:path';
import { benchToolchain, type Figure } from '../bench/toolchain.ts';

const root = path.resolve(import.meta.dirname, '..');
const figures: Figure[] = benchToolchain(root);

let missed = 0;
for (const f of figures) {
  const verdict = f.targetMs === undefined ? '(reference)' : f.medianMs <= f.targetMs ? `<= ${f.targetMs} ms target: ok` : `> ${f.targetMs} ms target: MISSED`;
  if (f.targetMs !== undefined && f.medianMs > f.targetMs) missed++;
  console.log(`${f.name.padEnd(54)} median ${f.medianMs.toFixed(1).padStart(8)} ms  ${verdict}  [${f.runs.map((r) => r.toFixed(0)).join(', ')}]`);
}
process.exitCode = missed ? 1 : 0;
