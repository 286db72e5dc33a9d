import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Parser } from 'web-tree-sitter';

/**
 * Tree-sitter grammars, loaded on first use and cached per language. The bundled plugin copies the grammar .wasm
 * files (and web-tree-sitter.wasm) into one folder next to the bundle and names it with `grammarsDir` or the
 * PROAGENT_GRAMMARS_DIR environment variable; in development they are read from node_modules.
 */

export const CODE_LANGUAGES = ['javascript', 'typescript', 'tsx', 'python', 'go'] as const;
export const codeLanguageSchema = z.enum(CODE_LANGUAGES);
export type CodeLanguage = z.infer<typeof codeLanguageSchema>;

export const GRAMMARS_DIR_ENV = 'PROAGENT_GRAMMARS_DIR';

const GRAMMARS: Record<CodeLanguage, { pkg: string; file: string }> = {
  javascript: { pkg: 'tree-sitter-javascript', file: 'tree-sitter-javascript.wasm' },
  typescript: { pkg: 'tree-sitter-typescript', file: 'tree-sitter-typescript.wasm' },
  tsx: { pkg: 'tree-sitter-typescript', file: 'tree-sitter-tsx.wasm' },
  python: { pkg: 'tree-sitter-python', file: 'tree-sitter-python.wasm' },
  go: { pkg: 'tree-sitter-go', file: 'tree-sitter-go.wasm' },
};

const EXTENSIONS: Record<string, CodeLanguage> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.py': 'python',
  '.go': 'go',
};

export function languageForPath(file: string): CodeLanguage | undefined {
  if (file.endsWith('.d.ts')) return undefined;
  return EXTENSIONS[path.extname(file).toLowerCase()];
}

type WebTreeSitter = typeof import('web-tree-sitter');

let runtime: Promise<WebTreeSitter> | undefined;
const parsers = new Map<string, Promise<Parser>>();

/** Resolves the grammar directory in force: the option, then the environment, then node_modules. */
function grammarsDirFrom(option: string | undefined): string | undefined {
  const fromEnv = process.env[GRAMMARS_DIR_ENV];
  return option ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined);
}

export function grammarPath(language: CodeLanguage, grammarsDir: string | undefined): string {
  const { pkg, file } = GRAMMARS[language];
  if (grammarsDir !== undefined) return path.join(grammarsDir, file);
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
  } catch {
    throw new Error(`${pkg} is not installed here; set the grammarsDir option or ${GRAMMARS_DIR_ENV} to the folder holding the tree-sitter .wasm files`);
  }
  return path.join(path.dirname(packageJson), file);
}

/** A parser for the language; the first call per language pays the wasm load (tens of milliseconds). */
export function parserFor(language: CodeLanguage, grammarsDir?: string): Promise<Parser> {
  const dir = grammarsDirFrom(grammarsDir);
  const key = `${dir ?? ''}\u0000${language}`;
  let parser = parsers.get(key);
  if (!parser) {
    parser = createParser(language, dir);
    // A failed load (missing file) is not cached, so a corrected grammarsDir works on the next call.
    parser.catch(() => parsers.delete(key));
    parsers.set(key, parser);
  }
  return parser;
}

async function createParser(language: CodeLanguage, dir: string | undefined): Promise<Parser> {
  const wasmFile = grammarPath(language, dir);
  if (!fs.existsSync(wasmFile)) {
    throw new Error(`grammar ${wasmFile} not found; set the grammarsDir option or ${GRAMMARS_DIR_ENV} to the folder holding the tree-sitter .wasm files`);
  }
  const { Parser, Language } = await loadRuntime(dir);
  const grammar = await Language.load(fs.readFileSync(wasmFile));
  return new Parser().setLanguage(grammar);
}

function loadRuntime(dir: string | undefined): Promise<WebTreeSitter> {
  if (runtime) return runtime;
  runtime = (async () => {
    const module = await import('web-tree-sitter');
    await module.Parser.init({
      // The runtime's own wasm sits next to the grammars in the bundle; otherwise the package finds it itself.
      locateFile: (name: string, scriptDirectory: string) => {
        const local = dir !== undefined ? path.join(dir, name) : undefined;
        return local !== undefined && fs.existsSync(local) ? local : scriptDirectory + name;
      },
    });
    return module;
  })();
  runtime.catch(() => {
    runtime = undefined;
  });
  return runtime;
}
