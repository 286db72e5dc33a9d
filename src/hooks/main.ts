import fs from 'node:fs';
import type { HookInput } from './input.ts';

/** Larger tool inputs are not inspected: the hook must never slow an edit down noticeably. */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;
/** Files the post-edit rules read; any other edit ends here, before a module is loaded. */
const ANALYZED = /\.(sql|[cm]?[jt]sx?|py|go)$/i;

/**
 * Entry of the plugin's hooks. Whatever happens inside (bad input, a parser that fails to load), the
 * process exits 0 with no output, so an internal error never blocks the user's edit. Modules load
 * only once the input shows there is work, because every edit pays for this process.
 */
async function main(): Promise<void> {
  if (process.env.PROAGENT_BACKEND_HOOKS === 'off') return;
  const raw = fs.readFileSync(0);
  if (raw.length > MAX_INPUT_BYTES) return;
  const json = JSON.parse(raw.toString('utf8')) as { hook_event_name?: unknown; tool_input?: { file_path?: unknown } };
  if (json.hook_event_name === 'PostToolUse' && !ANALYZED.test(String(json.tool_input?.file_path ?? ''))) return;
  let output: object | undefined;
  if (json.hook_event_name === 'PreToolUse') {
    // The hot path: a shape check instead of the zod schema, whose load alone costs ~40 ms.
    const input = asPreToolUse(json);
    if (input) output = (await import('./pre-tool-use.ts')).preToolUse(input);
  } else {
    const parsed = (await import('./input.ts')).hookInputSchema.safeParse(json);
    if (!parsed.success) return;
    (await import('../runtime-env.ts')).useBundledGrammars(import.meta.url);
    output = await (await import('./post-tool-use.ts')).postToolUse(parsed.data);
  }
  if (output) process.stdout.write(`${JSON.stringify(output)}\n`);
}

function asPreToolUse(json: unknown): HookInput | undefined {
  const j = json as Partial<HookInput> | null;
  const t = j?.tool_input;
  const strings = (v: unknown) => v === undefined || typeof v === 'string';
  if (!t || typeof t.file_path !== 'string' || !strings(t.content) || !strings(t.new_string) || !strings(j?.cwd)) return undefined;
  if (t.edits !== undefined && !(Array.isArray(t.edits) && t.edits.every((e) => typeof e?.new_string === 'string'))) return undefined;
  return j as HookInput;
}

try {
  await main();
} catch (error) {
  if (process.env.PROAGENT_DEBUG) process.stderr.write(`proagent-backend hook: ${error instanceof Error ? error.message : String(error)}\n`);
}
process.exitCode = 0;
