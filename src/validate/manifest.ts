import { diag, type Diagnostic } from '../diagnostics.ts';
import { MANIFEST_FILE, type LoadedPlugin } from '../load/plugin.ts';
import { MARKETPLACE_ONLY_FIELDS, sourceManifestSchema } from '../schemas/plugin-manifest.ts';
import { checkSchema } from './schema.ts';

export function checkManifest(plugin: LoadedPlugin): Diagnostic[] {
  const m = plugin.manifest;
  if (!m) return [];
  if (typeof m.data !== 'object' || m.data === null || Array.isArray(m.data)) {
    return [diag('invalid-value', { file: MANIFEST_FILE }, 'plugin.json must be a JSON object', 'write {"name": ..., "description": ..., "author": {"name": ...}}')];
  }
  const { diagnostics: out } = checkSchema(
    m,
    sourceManifestSchema,
    'plugin.json',
    (key, path) => {
      if (key === 'version') return diag('manifest-version', m.locate(path), 'plugin.json sets "version"; the build writes the version from package.json', 'remove it and bump package.json instead');
      if ((MARKETPLACE_ONLY_FIELDS as readonly string[]).includes(key)) return diag('manifest-marketplace-field', m.locate(path), `"${key}" belongs in the marketplace entry, not plugin.json`, 'move it to proagent.config.json marketplace settings');
      return undefined;
    },
    (path) => (path.length === 1 && path[0] === 'name' ? 'name-not-kebab' : undefined),
  );
  const data = m.data as Record<string, unknown>;
  const hookRefs = [data.hooks].flat();
  if (hookRefs.some((h) => typeof h === 'string' && h.replace(/^\.\//, '') === 'hooks/hooks.json')) {
    out.push(diag('hooks-declared-twice', m.locate(['hooks']), 'plugin.json names ./hooks/hooks.json, which Claude Code loads anyway', 'remove the "hooks" entry'));
  }
  return out;
}
