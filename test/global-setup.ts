import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from '../src/build.ts';
import { formatDiagnostic } from '../src/diagnostics.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh build of this repository: dist/ layout, written once for the whole run. */
    distDir: string;
  }
}

/** Builds the real plugin once into a temporary dist/, so tests judge what users would install. */
export default function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '..');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-dist-'));
  const result = build({ root, outDir });
  if (!result.output) throw new Error(`the plugin does not build:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  project.provide('distDir', outDir);
  return () => fs.rmSync(outDir, { recursive: true, force: true });
}
