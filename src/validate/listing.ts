import fs from 'node:fs';
import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics.ts';
import { MANIFEST_FILE, type LoadedPlugin } from '../load/plugin.ts';

/** What the plugin directory refuses or warns about (README, LICENSE, icon), checked before Claude Code does. */
export function checkListing(plugin: LoadedPlugin): Diagnostic[] {
  const out: Diagnostic[] = [];
  const has = new Set(plugin.files);
  const manifest = (plugin.manifest?.data ?? {}) as { license?: unknown; icon?: unknown };

  const readme = plugin.markdown.get('README.md');
  const words = readme ? readme.text.split(/\s+/).filter(Boolean).length : 0;
  if (words < 40) {
    out.push(diag('readme-missing', { file: 'README.md' }, readme ? `README.md has ${words} words; the plugin directory needs at least 40` : 'the plugin has no README.md', 'describe what the plugin does, how to install it and how to use it'));
  }
  if (!has.has('LICENSE') && !has.has('LICENSE.md') && typeof manifest.license !== 'string') {
    out.push(diag('license-missing', { file: MANIFEST_FILE }, 'no LICENSE file and no "license" in plugin.json', 'add a LICENSE file and "license": "<SPDX id>"'));
  }
  const icon = typeof manifest.icon === 'string' ? manifest.icon.replace(/^\.\//, '') : ['.claude-plugin/icon.png', 'icon.png', 'assets/icon.png'].find((p) => has.has(p));
  if (!icon || !has.has(icon)) {
    out.push(diag('icon-invalid', { file: MANIFEST_FILE }, icon ? `icon ${icon} does not exist` : 'no listing icon', 'add .claude-plugin/icon.png, a square PNG of 512 to 2048 px'));
  } else {
    const problem = iconProblem(fs.readFileSync(path.join(plugin.root, icon)));
    if (problem) out.push(diag('icon-invalid', { file: icon }, `${icon} ${problem}`, 'use a square PNG or JPEG of 512 to 2048 px, under 2 MB'));
  }
  return out;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function iconProblem(bytes: Buffer): string | undefined {
  if (bytes.length > 2 * 1024 * 1024) return 'is larger than 2 MB';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return undefined;
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG)) return 'is neither a PNG nor a JPEG';
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width !== height) return `is ${width}x${height}, not square`;
  if (width < 512 || width > 2048) return `is ${width} px wide; the directory wants 512 to 2048`;
  return undefined;
}
