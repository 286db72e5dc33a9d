import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics.ts';
import type { LoadedPlugin } from '../load/plugin.ts';
import { lineColAt } from '../load/text.ts';
import type { Located } from '../load/yaml.ts';
import { insideRoot, proseOnly } from './paths.ts';

const ROOT_REF = /\$\{CLAUDE_PLUGIN_ROOT\}\/([\w.$/*[\]<>-]*[\w*$\]>])/g;
const SKILL_REF = /\$\{CLAUDE_SKILL_DIR\}\/([\w.$/*[\]<>-]*[\w*$\]>])/g;
const LINK = /\[[^\]\n]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
/** An argument placeholder (or a <name> in prose) inside a path: it names a family of files, e.g. operations/$0.md. */
const ARG = /\$(?:\d+|ARGUMENTS(?:\[\d+\])?)|<[\w-]+>/g;

/**
 * Checks every path the runtime will open: ${CLAUDE_PLUGIN_ROOT}/... and ${CLAUDE_SKILL_DIR}/... in
 * markdown, hooks and .mcp.json, relative markdown links, and manifest paths, against the bundle.
 */
export function checkReferences(plugin: LoadedPlugin, bundle: Set<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const exists = (rel: string) => bundle.has(rel);
  const matchesFamily = (pattern: string) => {
    const re = new RegExp(`^${pattern.split(ARG).map(escape).join('[^/]+')}$`);
    return [...bundle].some((f) => re.test(f));
  };
  const check = (target: string, at: { file: string; line: number; col: number }, shown: string) => {
    const rel = insideRoot(target);
    if (rel === undefined) {
      out.push(diag('path-escape', at, `${shown} leaves the plugin root`, 'point at a file inside the plugin'));
      return;
    }
    if (rel.includes('*')) return;
    const ok = ARG.test(rel) ? matchesFamily(rel) : exists(rel);
    ARG.lastIndex = 0;
    if (!ok) out.push(diag('plugin-ref-missing', at, `${shown} does not exist in the bundle`, 'correct the path or add the file'));
  };

  // Placeholders are substituted in component bodies only; elsewhere (knowledge files, README) they are examples.
  for (const c of [...plugin.commands, ...plugin.skills, ...plugin.agents]) {
    const rel = c.doc.file.rel;
    const text = c.doc.file.text;
    for (const m of text.matchAll(ROOT_REF)) check(m[1]!, { file: rel, ...lineColAt(text, m.index) }, `\${CLAUDE_PLUGIN_ROOT}/${m[1]}`);
    const skillDir = path.posix.dirname(rel);
    if (c.kind === 'skill') for (const m of text.matchAll(SKILL_REF)) check(`${skillDir}/${m[1]}`, { file: rel, ...lineColAt(text, m.index) }, `\${CLAUDE_SKILL_DIR}/${m[1]}`);
  }
  for (const [rel, file] of plugin.markdown) {
    const text = file.text;
    for (const m of proseOnly(text).matchAll(LINK)) {
      const target = decodeURI(m[1]!.split('#')[0]!);
      if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/') || target.startsWith('$')) continue;
      const joined = path.posix.join(path.posix.dirname(rel), target);
      const at = { file: rel, ...lineColAt(text, m.index) };
      const inside = insideRoot(joined);
      if (inside === undefined) out.push(diag('path-escape', at, `link ${m[1]} leaves the plugin root`, 'link to a file inside the plugin'));
      else if (!exists(inside)) out.push(diag('link-broken', at, `link ${m[1]} does not resolve (${inside})`, 'correct the link target'));
    }
  }

  const jsonRefs = (located: Located | undefined) => {
    if (!located) return;
    walkStrings(located.data, [], (value, p) => {
      for (const m of value.matchAll(ROOT_REF)) check(m[1]!, located.locate(p), `\${CLAUDE_PLUGIN_ROOT}/${m[1]}`);
    });
  };
  jsonRefs(plugin.hooks);
  jsonRefs(plugin.mcp);

  const manifest = plugin.manifest;
  if (manifest && typeof manifest.data === 'object' && manifest.data) {
    const data = manifest.data as Record<string, unknown>;
    for (const key of ['icon', 'commands', 'agents', 'skills', 'hooks', 'mcpServers', 'lspServers', 'outputStyles', 'workflows', 'settings']) {
      const values = [data[key]].flat();
      values.forEach((v, i) => {
        if (typeof v === 'string' && v.startsWith('./')) check(v.slice(2), manifest.locate(Array.isArray(data[key]) ? [key, i] : [key]), `plugin.json ${key} "${v}"`);
      });
    }
  }
  return out;
}

function walkStrings(value: unknown, p: (string | number)[], visit: (s: string, p: (string | number)[]) => void): void {
  if (typeof value === 'string') visit(value, p);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...p, i], visit));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkStrings(v, [...p, k], visit);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
