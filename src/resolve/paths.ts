import path from 'node:path';

/** Resolves a plugin-relative path; undefined when it leaves the plugin root. */
export function insideRoot(rel: string): string | undefined {
  if (path.posix.isAbsolute(rel) || /^[A-Za-z]:[\\/]/.test(rel)) return undefined;
  const normal = path.posix.normalize(rel.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../')) return undefined;
  return normal.replace(/^\.\//, '').replace(/\/$/, '');
}

/** Blanks fenced code blocks and inline code, keeping offsets, so links are only found in prose. */
export function proseOnly(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank).replace(/`[^`\n]*`/g, blank);
}

/** Files and the folders that hold them, for existence checks against the bundle. */
export function pathIndex(files: Iterable<string>): Set<string> {
  const index = new Set<string>();
  for (const f of files) {
    index.add(f);
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) index.add(parts.slice(0, i).join('/'));
  }
  return index;
}
