import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from '../src/build.ts';
import { analyze } from '../src/pipeline.ts';

import { median, type Figure } from './figures.ts';

function time(name: string, runs: number, fn: () => void, targetMs?: number): Figure {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return { name, medianMs: median(samples), runs: samples, targetMs };
}

/** Medians of five: the build, validation alone, and Claude Code's own validator on the same bundle. */
export function benchToolchain(root: string, out: string, runs = 5): Figure[] {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-bench-home-'));
  try {
    // Warm the module cache once so the figures are steady-state, as in a watch loop or CI step.
    build({ root, outDir: out });
    const figures = [
      time('build: validate + bundle + zip + write', runs, () => void build({ root, outDir: out }), 2000),
      time('validate only', runs, () => void analyze(root), 500),
    ];
    const claude = path.join(root, 'node_modules/.bin/claude');
    figures.push(
      time('claude plugin validate --strict --profile directory', runs, () => {
        const r = spawnSync(claude, ['plugin', 'validate', '--strict', '--profile', 'directory', path.join(out, 'proagent-backend')], { env: { ...process.env, HOME: home }, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`claude plugin validate failed:\n${r.stdout}${r.stderr}`);
      }),
    );
    return figures;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
