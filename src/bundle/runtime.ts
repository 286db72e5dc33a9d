import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { diag, type Diagnostic } from '../diagnostics.ts';
import type { BuildConfig } from '../schemas/build-config.ts';

export interface RuntimeBundle {
  files: Map<string, Buffer>;
  diagnostics: Diagnostic[];
}

/** The wasm loaders resolve their .wasm beside the chunk that holds them: list such assets under <outDir>/chunks/. */
/** CommonJS dependencies (and emscripten's wasm loaders) expect require, __filename and __dirname. */
const CJS_SHIMS = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __pathDirname } from 'node:path';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  'const __dirname = __pathDirname(__filename);',
].join(' ');

/**
 * Bundles the runtime entries into self-contained ESM that plain node runs without node_modules.
 * Code splitting puts shared modules in chunks and dynamic imports in their own files, so an
 * analyzer is read from disk only when first used (and module order stays correct).
 */
export function bundleRuntime(root: string, config: BuildConfig, version: string): RuntimeBundle {
  const files = new Map<string, Buffer>();
  const diagnostics: Diagnostic[] = [];
  const outputs = Object.entries(config.runtime);
  if (outputs.length) {
    const dirs = new Set(outputs.map(([out]) => path.posix.dirname(out)));
    if (dirs.size > 1) {
      diagnostics.push(diag('runtime-bundle-failed', { file: 'proagent.config.json' }, `runtime outputs must share one folder so they can share chunks; found ${[...dirs].join(', ')}`, 'put every runtime output in the same folder, e.g. bin/'));
      return { files, diagnostics };
    }
    const outDir = [...dirs][0]!;
    const absOut = path.join(root, outDir);
    try {
      const result = buildSync({
        entryPoints: Object.fromEntries(outputs.map(([out, entry]) => [path.posix.basename(out, '.mjs'), path.join(root, entry)])),
        bundle: true,
        splitting: true,
        platform: 'node',
        // Prefer a package's ESM build: a CommonJS main seen through import() only has a default export.
        mainFields: ['module', 'main'],
        format: 'esm',
        target: 'node20',
        outdir: absOut,
        outExtension: { '.js': '.mjs' },
        chunkNames: 'chunks/[name]-[hash]',
        write: false,
        logLevel: 'silent',
        legalComments: 'eof',
        banner: { js: CJS_SHIMS },
        define: { PROAGENT_VERSION: JSON.stringify(version) },
      });
      for (const file of result.outputFiles) files.set(path.posix.join(outDir, path.relative(absOut, file.path).split(path.sep).join('/')), Buffer.from(file.contents));
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors ?? [];
      const first = errors[0];
      diagnostics.push(
        diag(
          'runtime-bundle-failed',
          first?.location ? { file: path.relative(root, path.resolve(root, first.location.file)), line: first.location.line, col: first.location.column + 1 } : { file: outputs[0]![1] },
          `runtime does not bundle: ${first?.text ?? (error as Error).message}`,
          'fix the TypeScript entry so that esbuild can bundle it',
        ),
      );
    }
  }
  for (const [out, source] of Object.entries(config.runtimeAssets)) {
    try {
      files.set(out, fs.readFileSync(path.join(root, source)));
    } catch (error) {
      diagnostics.push(diag('runtime-bundle-failed', { file: 'proagent.config.json' }, `runtime asset ${out} cannot be read from ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'run npm install, or correct the path in runtimeAssets'));
    }
  }
  return { files, diagnostics };
}
