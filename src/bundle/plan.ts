import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, type LoadedPlugin } from '../load/plugin.ts';
import { rewriteCitations, sourcesListing, type AssetResolution } from '../resolve/assets.ts';
import type { BuildConfig } from '../schemas/build-config.ts';

/** The bundle as bytes by bundle-relative path, sorted, before anything touches the disk. */
export type BundleFiles = Map<string, Buffer>;

export const SOURCES_FILE = 'SOURCES.md';

/** Paths the build generates in addition to the plugin's own files; references may point at them. */
export function generatedPaths(config: BuildConfig): string[] {
  return [SOURCES_FILE, ...Object.keys(config.runtime), ...Object.keys(config.runtimeAssets)];
}

export function planBundle(plugin: LoadedPlugin, assets: AssetResolution, version: string, runtime: Map<string, Buffer>): BundleFiles {
  const files: BundleFiles = new Map();
  const manifestName = pluginName(plugin);
  const refsDir = plugin.config.referencesDir.replace(/\/$/, '');
  for (const rel of plugin.files) {
    if (rel === MANIFEST_FILE) {
      files.set(rel, Buffer.from(`${JSON.stringify(withVersion(plugin.manifest!.data as Record<string, unknown>, version), null, 2)}\n`));
    } else if (plugin.markdown.has(rel)) {
      files.set(rel, Buffer.from(rewriteCitations(rel, plugin.markdown.get(rel)!.text, assets.citations, assets.sources, refsDir)));
    } else {
      files.set(rel, fs.readFileSync(path.join(plugin.root, rel)));
    }
  }
  files.set(SOURCES_FILE, Buffer.from(sourcesListing(manifestName, assets.sources)));
  for (const [rel, bytes] of runtime) files.set(rel, bytes);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function pluginName(plugin: LoadedPlugin): string {
  const name = (plugin.manifest?.data as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : path.basename(plugin.root);
}

/** Puts version right after name, where people look for it. */
function withVersion(manifest: Record<string, unknown>, version: string): Record<string, unknown> {
  const { name, ...rest } = manifest;
  return { name, version, ...rest };
}
