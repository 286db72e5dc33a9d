import { createHash } from 'node:crypto';
import path from 'node:path';
import { localMarketplace, publishedEntry } from './bundle/marketplace.ts';
import { zipBundle } from './bundle/zip.ts';
import { writeAtomically } from './bundle/write.ts';
import { analyze, type Analysis } from './pipeline.ts';

export interface BuildOptions {
  root: string;
  /** Defaults to the config's outDir, relative to root. */
  outDir?: string;
  allowWarnings?: boolean;
}

export interface BuildOutput {
  outDir: string;
  pluginDir: string;
  zipPath: string;
  zipSha256: string;
  zipBytes: number;
  marketplaceDir: string;
  entryPath: string;
  fileCount: number;
}

export interface BuildResult extends Analysis {
  output?: BuildOutput;
}

/** Validates and, only when nothing is wrong, writes dist/ in one swap. */
export function build(options: BuildOptions): BuildResult {
  const analysis = analyze(options.root);
  const blocking = analysis.diagnostics.filter((d) => d.severity === 'error' || !options.allowWarnings);
  if (blocking.length || !analysis.bundle || !analysis.manifest || !analysis.plugin) return analysis;

  const { manifest, bundle, plugin } = analysis;
  const outDir = path.resolve(options.root, options.outDir ?? plugin.config.outDir);
  const name = manifest.name;
  const zip = zipBundle(bundle, name);
  const zipName = `${name}-${manifest.version}.zip`;
  const files = new Map<string, Uint8Array>();
  for (const [rel, bytes] of bundle) {
    files.set(`${name}/${rel}`, bytes);
    files.set(`marketplace/plugins/${name}/${rel}`, bytes);
  }
  files.set(zipName, zip);
  files.set('marketplace/.claude-plugin/marketplace.json', json(localMarketplace(manifest, plugin.config)));
  files.set('marketplace-entry.json', json(publishedEntry(manifest, plugin.config, zip)));
  writeAtomically(outDir, files);

  return {
    ...analysis,
    output: {
      outDir,
      pluginDir: path.join(outDir, name),
      zipPath: path.join(outDir, zipName),
      zipSha256: createHash('sha256').update(zip).digest('hex'),
      zipBytes: zip.byteLength,
      marketplaceDir: path.join(outDir, 'marketplace'),
      entryPath: path.join(outDir, 'marketplace-entry.json'),
      fileCount: bundle.size,
    },
  };
}

function json(value: unknown): Uint8Array {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
}
