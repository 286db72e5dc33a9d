import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GRAMMARS_DIR_ENV } from './analyzers/code/grammars.ts';

/**
 * In the plugin bundle the tree-sitter grammars sit in grammars/ beside the entry file; point the
 * analyzers there unless the caller already chose a folder. From source, node_modules is used instead.
 */
export function useBundledGrammars(entryUrl: string): void {
  const dir = path.join(path.dirname(fileURLToPath(entryUrl)), 'grammars');
  if (!process.env[GRAMMARS_DIR_ENV] && fs.existsSync(dir)) process.env[GRAMMARS_DIR_ENV] = dir;
}
