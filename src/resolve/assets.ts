import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics.ts';
import type { LoadedPlugin } from '../load/plugin.ts';
import { lineColAt } from '../load/text.ts';
import { catalogSchema, type Catalog } from '../schemas/catalog.ts';
import { checkSchema } from '../validate/schema.ts';
import { nearest } from '../validate/suggest.ts';
import { insideRoot, pathIndex } from './paths.ts';

export interface Citation {
  file: string;
  /** Offset of the opening backtick. */
  offset: number;
  length: number;
  source: string;
}

export interface ResolvedSource {
  source: string;
  /** Bundle-relative path of the knowledge file. */
  reference: string;
  title: string;
}

export interface AssetResolution {
  catalog?: Catalog;
  citations: Citation[];
  /** Source id -> where its knowledge lives in the bundle. */
  sources: Map<string, ResolvedSource>;
  diagnostics: Diagnostic[];
}

const CODE_SPAN = /`([^`\n]+)`/g;

/** Finds citations (`repo/path` of a catalog repository that is not a path of this plugin) and checks them. */
export function resolveAssets(plugin: LoadedPlugin): AssetResolution {
  const out: Diagnostic[] = [];
  const citations: Citation[] = [];
  const sources = new Map<string, ResolvedSource>();
  const refsDir = plugin.config.referencesDir.replace(/\/$/, '');
  const files = new Set(plugin.files);
  const own = pathIndex(plugin.files);

  let catalog: Catalog | undefined;
  if (plugin.catalog) {
    const checked = checkSchema(plugin.catalog, catalogSchema, 'catalog');
    out.push(...checked.diagnostics);
    catalog = checked.data;
  }
  const repos = new Set(catalog?.repositories ?? []);

  for (const [rel, text] of plugin.markdown) {
    for (const m of text.text.matchAll(CODE_SPAN)) {
      const span = m[1]!.trim();
      const at = () => ({ file: rel, ...lineColAt(text.text, m.index) });
      if (/^\.\.?\//.test(span) && /^[\w./-]+$/.test(span) && insideRoot(path.posix.join(path.posix.dirname(rel), span)) === undefined) {
        out.push(diag('path-escape', at(), `\`${span}\` points outside the plugin root`, 'cite a file inside the plugin, or a catalog source'));
        continue;
      }
      const repo = /^([\w.-]+)\/[\w./-]+$/.exec(span)?.[1];
      if (!repo || !repos.has(repo) || own.has(span.replace(/\/$/, ''))) continue;
      citations.push({ file: rel, offset: m.index, length: m[0].length, source: span });
    }
  }
  if (!catalog) {
    if (!plugin.catalog && citations.length) {
      out.push(diag('citation-unknown', { file: citations[0]!.file }, `citations found but no catalog at ${plugin.config.catalog}`, `create ${plugin.config.catalog}`));
    }
    return { citations, sources, diagnostics: out };
  }

  catalog.references.forEach((ref, i) => {
    const fileAt = plugin.catalog!.locate(['references', i, 'file']);
    const target = insideRoot(`${refsDir}/${ref.file}`);
    if (target === undefined || !target.startsWith(`${refsDir}/`) || ref.file.includes('/')) {
      out.push(diag('path-escape', fileAt, `catalog file "${ref.file}" is not a file inside ${refsDir}/`, 'give the bare file name of a knowledge file in the references folder'));
      return;
    }
    if (!files.has(target)) {
      out.push(diag('reference-missing', fileAt, `catalog maps to ${target}, which does not exist`, `write ${target} or correct the file name`));
    } else if (!plugin.markdown.get(target)?.text.trim()) {
      if (plugin.markdown.has(target)) out.push(diag('reference-empty', fileAt, `${target} is empty`, 'write the knowledge file'));
    }
    ref.sources.forEach((source, j) => {
      const repo = source.split('/')[0]!;
      if (!repos.has(repo)) {
        out.push(diag('catalog-repo-unknown', plugin.catalog!.locate(['references', i, 'sources', j]), `source "${source}" names repository "${repo}", which the catalog does not list`, `add ${repo} to repositories, or correct the source`));
      }
      sources.set(source, { source, reference: target, title: ref.title });
    });
  });

  const known = [...sources.keys()];
  const cited = new Set<string>();
  for (const c of citations) {
    if (sources.has(c.source)) {
      cited.add(c.source);
      continue;
    }
    const guess = nearest(c.source, known);
    const text = plugin.markdown.get(c.file)!.text;
    out.push(diag('citation-unknown', { file: c.file, ...lineColAt(text, c.offset) }, `citation \`${c.source}\` is not in the catalog${guess ? `; the closest entry is \`${guess}\`` : ''}`, guess ? `cite \`${guess}\`, or add the source to ${plugin.config.catalog}` : `add it to ${plugin.config.catalog}`));
  }
  catalog.references.forEach((ref, i) =>
    ref.sources.forEach((source, j) => {
      if (!cited.has(source)) out.push(diag('catalog-uncited', plugin.catalog!.locate(['references', i, 'sources', j]), `catalog source "${source}" is cited by no markdown file`, 'cite it where its knowledge is used, or remove it'));
    }),
  );

  const mapped = new Set(catalog.references.map((r) => `${refsDir}/${r.file}`));
  for (const rel of plugin.files.filter((f) => f.startsWith(`${refsDir}/`) && f.endsWith('.md'))) {
    if (mapped.has(rel)) continue;
    const name = path.posix.basename(rel);
    const linked = [...plugin.markdown].some(([other, t]) => other !== rel && (t.text.includes(`references/${name}`) || t.text.includes(`](${name})`)));
    if (!linked) out.push(diag('reference-unreachable', { file: rel }, `${rel} is neither in the catalog nor linked from any markdown file, so the model can never find it`, 'list it in the SKILL.md reference index or the catalog, or delete it'));
  }
  return { catalog, citations, sources, diagnostics: out };
}

/** Rewrites each citation to a path Claude can Read, keeping the source for provenance. */
export function rewriteCitations(rel: string, text: string, citations: readonly Citation[], sources: Map<string, ResolvedSource>, referencesDir: string): string {
  const mine = citations.filter((c) => c.file === rel && sources.has(c.source)).sort((a, b) => b.offset - a.offset);
  let result = text;
  for (const c of mine) {
    const target = sources.get(c.source)!;
    // Reference files are read with the Read tool, where placeholders are not substituted: link the sibling instead.
    const where = rel.startsWith(`${referencesDir}/`) ? path.posix.relative(path.posix.dirname(rel), target.reference) : `\${CLAUDE_PLUGIN_ROOT}/${target.reference}`;
    result = `${result.slice(0, c.offset)}\`${where}\` (source: ${c.source})${result.slice(c.offset + c.length)}`;
  }
  return result;
}

export function sourcesListing(pluginName: string, sources: Map<string, ResolvedSource>): string {
  const rows = [...sources.values()].sort((a, b) => a.source.localeCompare(b.source)).map((s) => `| ${s.source} | ${s.reference} | ${s.title} |`);
  return [`# Sources of ${pluginName}`, '', 'Each source asset the plugin was built from, and the knowledge file that carries it in this bundle.', '', '| Source (repository/path) | Knowledge file | Title |', '|---|---|---|', ...rows, ''].join('\n');
}
