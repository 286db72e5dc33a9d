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
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
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
  return { files, diagnostics };
}
