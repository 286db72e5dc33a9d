import fs from 'node:fs';

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
  const { hookInputSchema } = await import('./input.ts');
  const parsed = hookInputSchema.safeParse(json);
  if (!parsed.success) return;
  const input = parsed.data;
  let output: object | undefined;
  if (input.hook_event_name === 'PreToolUse') {
    output = (await import('./pre-tool-use.ts')).preToolUse(input);
  } else {
    (await import('../runtime-env.ts')).useBundledGrammars(import.meta.url);
    output = await (await import('./post-tool-use.ts')).postToolUse(input);
  }
  if (output) process.stdout.write(`${JSON.stringify(output)}\n`);
}

try {
  await main();
} catch (error) {
  if (process.env.PROAGENT_DEBUG) process.stderr.write(`proagent-backend hook: ${error instanceof Error ? error.message : String(error)}\n`);
}
process.exitCode = 0;
