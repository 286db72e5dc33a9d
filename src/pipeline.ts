import { compareDiagnostics, type Diagnostic } from './diagnostics.ts';
import { generatedPaths, planBundle, type BundleFiles } from './bundle/plan.ts';
import { bundleRuntime } from './bundle/runtime.ts';
import { loadConfig, loadPlugin, type LoadedPlugin } from './load/plugin.ts';
import { resolveAssets, type AssetResolution } from './resolve/assets.ts';
import { pathIndex } from './resolve/paths.ts';
import { checkReferences } from './resolve/references.ts';
import { checkBudgets, measure, type CostReport } from './report/tokens.ts';
import { manifestSchema, type Manifest } from './schemas/plugin-manifest.ts';
import { checkComponents } from './validate/components.ts';
import { checkHooks } from './validate/hooks.ts';
import { checkListing } from './validate/listing.ts';
import { checkManifest } from './validate/manifest.ts';
import { checkMcp } from './validate/mcp.ts';
import { diag } from './diagnostics.ts';

export interface Analysis {
  plugin?: LoadedPlugin;
  assets?: AssetResolution;
  manifest?: Manifest;
  bundle?: BundleFiles;
  report?: CostReport;
  diagnostics: Diagnostic[];
}

/** load -> validate -> resolve -> plan the bundle -> measure. Nothing is written here. */
export function analyze(root: string): Analysis {
  const config = loadConfig(root);
  if (!config.ok) return { diagnostics: config.diagnostics };
  const plugin = loadPlugin(root, config.value);
  const diagnostics = [...plugin.diagnostics, ...checkManifest(plugin), ...checkListing(plugin), ...checkComponents(plugin), ...checkHooks(plugin.hooks), ...checkMcp(plugin.mcp)];
  const assets = resolveAssets(plugin);
  diagnostics.push(...assets.diagnostics);
  diagnostics.push(...checkReferences(plugin, pathIndex([...plugin.files, ...generatedPaths(config.value)])));

  const version = plugin.packageJson?.version;
  const runtime = bundleRuntime(root, config.value, version ?? '0.0.0');
  diagnostics.push(...runtime.diagnostics);
  let manifest: Manifest | undefined;
  let bundle: BundleFiles | undefined;
  let report: CostReport | undefined;
  if (version && plugin.manifest) {
    const candidate = manifestSchema.safeParse({ ...(plugin.manifest.data as object), version });
    if (candidate.success) {
      manifest = candidate.data;
      bundle = planBundle(plugin, assets, version, runtime.files);
      report = measure(bundle, manifest.name, config.value);
      diagnostics.push(...checkBudgets(report, config.value));
    }
  }
  if (!bundle && !diagnostics.length) diagnostics.push(diag('invalid-value', { file: '.claude-plugin/plugin.json' }, 'the bundle could not be planned', 'fix plugin.json and package.json'));
  return { plugin, assets, manifest, bundle, report, diagnostics: dedupe(diagnostics).sort(compareDiagnostics) };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.rule}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
