import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from '../src/build.ts';
import { analyze } from '../src/pipeline.ts';

export interface Figure {
  name: string;
  medianMs: number;
  runs: number[];
  targetMs?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

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
export function benchToolchain(root: string, runs = 5): Figure[] {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-bench-'));
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
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
}
