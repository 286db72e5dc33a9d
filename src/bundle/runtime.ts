import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { diag, type Diagnostic } from '../diagnostics.ts';
import type { BuildConfig } from '../schemas/build-config.ts';

export interface RuntimeBundle {
  files: Map<string, Buffer>;
  diagnostics: Diagnostic[];
}

/** Bundles each runtime entry into one self-contained ESM file that plain node runs without node_modules. */
export function bundleRuntime(root: string, config: BuildConfig): RuntimeBundle {
  const files = new Map<string, Buffer>();
  const diagnostics: Diagnostic[] = [];
  for (const [out, entry] of Object.entries(config.runtime)) {
    try {
      const result = buildSync({
        entryPoints: [path.join(root, entry)],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        write: false,
        logLevel: 'silent',
        legalComments: 'eof',
        // Some dependencies are CommonJS and call require(); give the ESM bundle one.
        // CommonJS dependencies (and emscripten's wasm loaders) expect require, __filename and __dirname.
        banner: {
          js: [
            "import { createRequire as __createRequire } from 'node:module';",
            "import { fileURLToPath as __fileURLToPath } from 'node:url';",
            "import { dirname as __pathDirname } from 'node:path';",
            'const require = __createRequire(import.meta.url);',
            'const __filename = __fileURLToPath(import.meta.url);',
            'const __dirname = __pathDirname(__filename);',
          ].join(' '),
        },
      });
      files.set(out, Buffer.from(result.outputFiles[0]!.contents));
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors ?? [];
      const first = errors[0];
      diagnostics.push(
        diag(
          'runtime-bundle-failed',
          first?.location ? { file: path.relative(root, path.resolve(root, first.location.file)), line: first.location.line, col: first.location.column + 1 } : { file: entry },
          `runtime ${out} does not bundle: ${first?.text ?? (error as Error).message}`,
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
