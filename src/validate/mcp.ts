import { diag, type Diagnostic } from '../diagnostics.ts';
import type { Located } from '../load/yaml.ts';
import { mcpFileSchema } from '../schemas/mcp.ts';
import { checkSchema } from './schema.ts';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;
const CREDENTIAL = /^(?:Bearer\s+)?(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|sk-[A-Za-z0-9_-]{16,}|xox[abpr]-[\w-]{10,}|AKIA[0-9A-Z]{16}|glpat-[\w-]{20}|[A-Za-z0-9+/=_-]{32,})$/;
const RUNNERS: Record<string, (spec: string) => boolean> = {
  npx: (spec) => /^(@[^/]+\/)?[^@]+@\d/.test(spec),
  bunx: (spec) => /^(@[^/]+\/)?[^@]+@\d/.test(spec),
  uvx: (spec) => /(==|@)\d/.test(spec),
};

export function checkMcp(mcp: Located | undefined): Diagnostic[] {
  if (!mcp) return [];
  const raw = mcp.data as Record<string, unknown> | null;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [diag('invalid-value', mcp.locate([]), '.mcp.json must be an object {"mcpServers": {...}}', 'wrap the servers in {"mcpServers": {...}}')];
  }
  // Claude Code also accepts a bare map of servers; check it as if wrapped, but locate in the real file.
  const wrapped = 'mcpServers' in raw;
  const prefix = wrapped ? ['mcpServers'] : [];
  const view: Located = wrapped ? mcp : { ...mcp, data: { mcpServers: raw }, locate: (p) => mcp.locate(p.slice(1)) };
  const servers = ((view.data as { mcpServers: unknown }).mcpServers ?? {}) as Record<string, Record<string, unknown>>;
  const out: Diagnostic[] = [];

  for (const [name, server] of Object.entries(servers)) {
    if (typeof server !== 'object' || server === null) continue;
    const at = (...p: string[]) => mcp.locate([...prefix, name, ...p]);
    if ('url' in server && !('type' in server)) {
      out.push(diag('mcp-url-without-type', at('url'), `MCP server "${name}" has a url but no type; Claude Code parses it as stdio and drops it`, 'add "type": "http" (or "sse")'));
      continue;
    }
    if (typeof server.url === 'string') {
      try {
        const url = new URL(server.url);
        if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
          out.push(diag('mcp-insecure-url', at('url'), `MCP server "${name}" uses plain http to ${url.hostname}`, 'use https://'));
        }
      } catch {
        // the schema reports an invalid URL
      }
    }
    for (const field of ['headers', 'env'] as const) {
      const values = server[field];
      if (typeof values !== 'object' || values === null) continue;
      for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
        if (typeof value === 'string' && !value.includes('${') && CREDENTIAL.test(value.trim())) {
          out.push(diag('mcp-literal-credential', at(field, key), `MCP server "${name}" ${field}.${key} looks like a literal credential`, 'use ${user_config.key} with a sensitive userConfig option, or ${ENV_VAR}'));
        }
      }
    }
    const runner = typeof server.command === 'string' ? RUNNERS[server.command] : undefined;
    const args = Array.isArray(server.args) ? (server.args as unknown[]).filter((a): a is string => typeof a === 'string') : [];
    const spec = args.find((a) => !a.startsWith('-'));
    if (runner && spec && !runner(spec)) {
      out.push(diag('mcp-unpinned', at('args'), `MCP server "${name}" runs ${server.command} ${spec} without a version, so every session may fetch a different release`, `pin it, e.g. ${server.command === 'uvx' ? `${spec}==1.2.3` : `${spec}@1.2.3`}`));
    }
  }
  out.push(...checkSchema(view, mcpFileSchema, '.mcp.json').diagnostics);
  return out;
}
