import path from 'node:path';
import { scanTextForSecrets } from '../analyzers/code/analyze.ts';
import { incomingText, type HookInput } from './input.ts';

/**
 * Refuses a Write or Edit that would put a credential into a non-test file. Only token formats and
 * credential-named settings are matched (regular expressions, no parser), so the check stays fast
 * and its rare refusals are real.
 */
export function preToolUse(input: HookInput): object | undefined {
  const file = displayPath(input);
  const findings = scanTextForSecrets(incomingText(input), file);
  if (!findings.length) return undefined;
  const what = [...new Set(findings.map((f) => f.message))].join(' ');
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: `proagent-backend: refused to write a hardcoded secret into ${file}. ${what} Read the value from an environment variable or a secret manager instead (for example process.env.NAME, os.environ["NAME"], os.Getenv("NAME")), and put a placeholder in .env.example.`,
    },
  };
}

export function displayPath(input: HookInput): string {
  const abs = input.tool_input.file_path;
  const rel = input.cwd ? path.relative(input.cwd, abs) : abs;
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}
