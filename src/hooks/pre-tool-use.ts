import path from 'node:path';
import { configSecretPoints, secretTokenPoints } from '../analyzers/code/checks/hardcoded-secret.ts';
import { isTestPath } from '../analyzers/code/paths.ts';
import type { HookInput } from './input.ts';
import { incomingText } from './text.ts';

/**
 * Refuses a Write or Edit that would put a credential into a non-test file. Only token formats and
 * credential-named settings are matched (regular expressions, no parser and no zod: this runs before
 * every edit), so the check stays fast and its rare refusals are real.
 */
export function preToolUse(input: HookInput): object | undefined {
  const file = displayPath(input);
  if (isTestPath(file)) return undefined;
  const text = incomingText(input);
  const tokens = secretTokenPoints(text).map((p) => p.name);
  const named = configSecretPoints(text, file).length ? ['a credential-named setting with a literal value'] : [];
  const found = [...new Set([...tokens, ...named])];
  if (!found.length) return undefined;
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: `proagent-backend: refused to write a hardcoded secret into ${file}: it contains ${found.join(', ')}. Read the value from an environment variable or a secret manager instead (for example process.env.NAME, os.environ["NAME"], os.Getenv("NAME")), and put a placeholder in .env.example.`,
    },
  };
}

export function displayPath(input: Pick<HookInput, 'cwd' | 'tool_input'>): string {
  const abs = input.tool_input.file_path;
  const rel = input.cwd ? path.relative(input.cwd, abs) : abs;
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}
