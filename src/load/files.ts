import fs from 'node:fs';
import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics.ts';

export interface FileList {
  /** Regular files to bundle, relative to the root, forward slashes, sorted. */
  files: string[];
  diagnostics: Diagnostic[];
}

const OS_METADATA = new Set(['.DS_Store', 'Thumbs.db', '__MACOSX', 'desktop.ini']);

/** Lists the files under the included entries; links that leave the root are reported, never followed. */
export function listFiles(root: string, include: readonly string[]): FileList {
  const realRoot = fs.realpathSync(root);
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];

  const visit = (rel: string, depth: number): void => {
    const abs = path.join(root, rel);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(abs);
    } catch {
      return;
    }
    if (stat.isSymbolicLink()) {
      let target: string;
      try {
        target = fs.realpathSync(abs);
      } catch {
        diagnostics.push(diag('symlink-escape', { file: rel }, `${rel} is a broken symbolic link`, 'replace the link with the file itself'));
        return;
      }
      if (target !== realRoot && !target.startsWith(realRoot + path.sep)) {
        diagnostics.push(diag('symlink-escape', { file: rel }, `${rel} is a symbolic link to ${target}, outside the plugin root`, 'copy the content into the plugin instead of linking to it'));
        return;
      }
      stat = fs.statSync(abs);
    }
    if (stat.isDirectory()) {
      if (depth > 16) return;
      for (const name of fs.readdirSync(abs).sort()) {
        if (!OS_METADATA.has(name)) visit(rel ? `${rel}/${name}` : name, depth + 1);
      }
    } else if (stat.isFile()) files.push(rel);
  };

  for (const entry of include) visit(entry.replace(/^\.\//, '').replace(/\/$/, ''), 0);
  return { files: [...new Set(files)].sort(), diagnostics };
}
