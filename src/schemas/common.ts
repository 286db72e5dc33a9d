import { z } from 'zod';

/** Lowercase kebab-case: what the directory listing and bare slash names expect. */
export const kebabName = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase kebab-case, e.g. "proagent-backend-hub"');

export const MODEL_ALIASES = ['haiku', 'sonnet', 'opus', 'fable', 'inherit'] as const;
const MODEL_ID = /^claude-[a-z]+(?:-[a-z0-9.]+)+(?:\[1m\])?$/;

export const modelSchema = z.string().refine((m) => (MODEL_ALIASES as readonly string[]).includes(m) || MODEL_ID.test(m), {
  message: `must be one of ${MODEL_ALIASES.join(', ')} or a full Claude model id such as claude-sonnet-4-5`,
});

/** Tool lists are accepted by Claude Code as a comma-separated string or a YAML list. */
export const toolListSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const effortSchema = z.union([z.enum(['low', 'medium', 'high', 'max']), z.number().int().positive()]);

export const shellSchema = z.enum(['bash', 'powershell']);

export const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

/** Splits a tools value into its entries; a comma-separated string and a list mean the same. */
export function toolEntries(value: string | readonly string[]): string[] {
  const parts = typeof value === 'string' ? splitToolString(value) : [...value];
  return parts.map((t) => t.trim()).filter(Boolean);
}

/** Splits on commas that are not inside parentheses, so "Bash(git diff:*, x)" stays whole. */
function splitToolString(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}
