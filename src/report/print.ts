import path from 'node:path';
import { formatDiagnostic } from '../diagnostics.ts';
import type { BuildResult } from '../build.ts';

const pad = (s: string | number, n: number) => String(s).padStart(n);

/** The human report of a build or validation run. */
export function textReport(result: BuildResult, root: string): string {
  const lines: string[] = [];
  const { report, manifest, plugin, assets } = result;
  if (manifest) lines.push(`${manifest.name} ${manifest.version}`);
  if (report && plugin) {
    const budgets = plugin.config.budgets;
    const width = Math.max(...report.components.map((c) => c.name.length), 9);
    lines.push('', `  ${'component'.padEnd(width)}  kind     always-on  on-invoke`);
    for (const c of report.components) lines.push(`  ${c.name.padEnd(width)}  ${c.kind.padEnd(7)}  ${pad(`~${c.alwaysOn}`, 9)}  ${pad(`~${c.onInvoke}`, 9)}`);
    lines.push(`  ${'total'.padEnd(width)}           ${pad(`~${report.alwaysOnTotal}`, 9)}  (budget ${budgets.alwaysOnTokens} always-on, ${budgets.bodyTokens} per body)`);
    const refTokens = report.references.reduce((n, r) => n + r.tokens, 0);
    if (report.attachments.length) lines.push(`  playbooks: ${report.attachments.length}, ~${Math.min(...report.attachments.map((a) => a.tokens))} to ~${Math.max(...report.attachments.map((a) => a.tokens))} tokens each, attached on invoke`);
    lines.push(`  knowledge files: ${report.references.length}, ~${refTokens} tokens, read on demand only (largest ~${Math.max(0, ...report.references.map((r) => r.tokens))}, budget ${budgets.referenceTokens})`);
  }
  if (assets) {
    const targets = new Set([...assets.sources.values()].map((s) => s.reference));
    const cited = new Set(assets.citations.map((c) => c.source));
    lines.push(`  citations: ${assets.citations.length} in the markdown, ${cited.size} distinct sources, mapped to ${targets.size} knowledge files (SOURCES.md)`);
  }
  if (plugin) {
    const servers = Object.entries(((plugin.mcp?.data as { mcpServers?: Record<string, { type?: string }> } | undefined)?.mcpServers ?? {}) as Record<string, { type?: string }>);
    lines.push(`  MCP servers: ${servers.length ? servers.map(([n, s]) => `${n} (${s.type ?? 'stdio'})`).join(', ') : 'none'}`);
    const events = (plugin.hooks?.data as { hooks?: Record<string, { matcher?: string }[]> } | undefined)?.hooks ?? {};
    const hookList = Object.entries(events).flatMap(([event, groups]) => groups.map((g) => `${event}${g.matcher ? ` (${g.matcher})` : ''}`));
    lines.push(`  hooks: ${hookList.length ? hookList.join(', ') : 'none'}`);
  }
  if (result.diagnostics.length) {
    lines.push('', ...result.diagnostics.map(formatDiagnostic));
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    lines.push('', `${errors} error(s), ${result.diagnostics.length - errors} warning(s)${result.output ? '' : '; nothing written'}`);
  }
  if (result.output) {
    const o = result.output;
    const rel = (p: string) => path.relative(root, p) || '.';
    lines.push('', `wrote ${rel(o.pluginDir)}/ (${o.fileCount} files), ${rel(o.zipPath)} (${(o.zipBytes / 1024).toFixed(1)} KiB, sha256 ${o.zipSha256.slice(0, 16)}…), ${rel(o.marketplaceDir)}/, ${rel(o.entryPath)}`);
  } else if (!result.diagnostics.length) lines.push('', 'no problems found');
  return lines.join('\n');
}

export function jsonReport(result: BuildResult): string {
  const { report, manifest, assets, output, diagnostics } = result;
  return JSON.stringify(
    {
      ok: diagnostics.length === 0,
      plugin: manifest ? { name: manifest.name, version: manifest.version } : undefined,
      diagnostics,
      tokens: report,
      citations: assets ? { count: assets.citations.length, sources: [...assets.sources.values()] } : undefined,
      output,
    },
    null,
    2,
  );
}
