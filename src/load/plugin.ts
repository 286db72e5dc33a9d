import fs from 'node:fs';
import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics.ts';
import { buildConfigSchema, type BuildConfig } from '../schemas/build-config.ts';
import { packageJsonSchema, type PackageJson } from '../schemas/plugin-manifest.ts';
import { listFiles } from './files.ts';
import { parseMarkdown, type MarkdownDoc } from './frontmatter.ts';
import { parseJson } from './json.ts';
import { readText, type Loaded, type TextFile } from './text.ts';
import { parseYaml, type Located } from './yaml.ts';

export const CONFIG_FILE = 'proagent.config.json';
export const MANIFEST_FILE = '.claude-plugin/plugin.json';

export type ComponentKind = 'command' | 'skill' | 'agent';

export interface Component {
  kind: ComponentKind;
  /** The name Claude Code derives from the file (command, agent) or folder (skill). */
  fileName: string;
  doc: MarkdownDoc;
}

export interface LoadedPlugin {
  root: string;
  config: BuildConfig;
  packageJson?: PackageJson;
  manifest?: Located;
  commands: Component[];
  skills: Component[];
  agents: Component[];
  hooks?: Located;
  mcp?: Located;
  catalog?: Located;
  /** Every markdown file in the bundle, components included, by path. */
  markdown: Map<string, TextFile>;
  files: string[];
  diagnostics: Diagnostic[];
}

export type ConfigResult = Loaded<BuildConfig>;

export function loadConfig(root: string): ConfigResult {
  const text = readText(root, CONFIG_FILE);
  if (!text.ok) return text;
  const json = parseJson(text.value);
  if (!json.ok) return json;
  const parsed = buildConfigSchema.safeParse(json.value.data);
  if (!parsed.success) {
    return {
      ok: false,
      diagnostics: parsed.error.issues.map((i) => diag('invalid-value', json.value.locate(i.path as (string | number)[]), `${i.path.join('.') || 'config'}: ${i.message}`, 'see src/schemas/build-config.ts')),
    };
  }
  return { ok: true, value: parsed.data };
}

/** Reads everything the bundle would contain. Problems are collected, never thrown. */
export function loadPlugin(root: string, config: BuildConfig): LoadedPlugin {
  const diagnostics: Diagnostic[] = [];
  const take = <T>(r: Loaded<T>): T | undefined => {
    if (r.ok) return r.value;
    diagnostics.push(...r.diagnostics);
    return undefined;
  };
  const listing = listFiles(root, config.include);
  diagnostics.push(...listing.diagnostics);
  const files = listing.files;
  const has = new Set(files);
  for (const rel of files.filter((f) => path.posix.basename(f) === 'CLAUDE.md')) {
    diagnostics.push(diag('claude-md-in-plugin', { file: rel }, `${rel} would ship in the plugin, where Claude Code never loads a CLAUDE.md`, 'keep contributor notes in the repository root CLAUDE.md, outside the bundle; put model guidance in a skill'));
  }

  const readJson = (rel: string): Located | undefined => {
    const text = take(readText(root, rel));
    return text && take(parseJson(text));
  };

  const packageJson = loadPackageJson(root, diagnostics);
  const manifest = has.has(MANIFEST_FILE) ? readJson(MANIFEST_FILE) : undefined;
  if (!has.has(MANIFEST_FILE)) diagnostics.push(diag('manifest-missing', { file: MANIFEST_FILE }, 'the plugin has no .claude-plugin/plugin.json', 'add one with name, description, author and license'));

  const markdown = new Map<string, TextFile>();
  const commands: Component[] = [];
  const skills: Component[] = [];
  const agents: Component[] = [];
  for (const rel of files.filter((f) => f.endsWith('.md'))) {
    const text = take(readText(root, rel));
    if (!text) continue;
    markdown.set(rel, text);
    const kind = componentKind(rel);
    if (!kind) continue;
    const doc = take(parseMarkdown(text));
    if (!doc) continue;
    const parts = rel.split('/');
    const fileName = kind === 'skill' ? parts[1]! : path.basename(rel, '.md');
    ({ command: commands, skill: skills, agent: agents })[kind].push({ kind, fileName, doc });
  }

  const catalogPath = config.catalog;
  let catalog: Located | undefined;
  if (fs.existsSync(path.join(root, catalogPath))) {
    const text = take(readText(root, catalogPath));
    catalog = text && take(parseYaml(text.text, { file: catalogPath }));
  }

  return {
    root,
    config,
    packageJson,
    manifest,
    commands,
    skills,
    agents,
    hooks: has.has('hooks/hooks.json') ? readJson('hooks/hooks.json') : undefined,
    mcp: has.has('.mcp.json') ? readJson('.mcp.json') : undefined,
    catalog,
    markdown,
    files,
    diagnostics,
  };
}

/** Claude Code's auto-discovery: commands/*.md (subfolders too), agents/*.md, skills/<name>/SKILL.md. */
function componentKind(rel: string): ComponentKind | undefined {
  const parts = rel.split('/');
  if (parts[0] === 'commands') return 'command';
  if (parts[0] === 'agents') return 'agent';
  if (parts[0] === 'skills' && parts.length === 3 && parts[2] === 'SKILL.md') return 'skill';
  return undefined;
}

function loadPackageJson(root: string, diagnostics: Diagnostic[]): PackageJson | undefined {
  const text = readText(root, 'package.json');
  if (!text.ok) {
    diagnostics.push(...text.diagnostics);
    return undefined;
  }
  const json = parseJson(text.value);
  if (!json.ok) {
    diagnostics.push(...json.diagnostics);
    return undefined;
  }
  const parsed = packageJsonSchema.safeParse(json.value.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      diagnostics.push(diag('package-version-invalid', json.value.locate(issue.path as (string | number)[]), `package.json ${issue.path.join('.')}: ${issue.message}`, 'set "version" to semver such as 1.2.3; the bundle takes its version from here'));
    }
    return undefined;
  }
  return parsed.data;
}
