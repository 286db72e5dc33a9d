import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HookInput } from './input.ts';

/** Larger tool inputs are not inspected: the hook must never slow an edit down noticeably. */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;
/** Files the post-edit rules read; any other edit ends here, before a module is loaded. */
const ANALYZED = /\.(sql|[cm]?[jt]sx?|py|go)$/i;
/** Long enough for a cold analysis of a large file by the warm server, shorter than the hook's own timeout. */
const WARM_ANSWER_MS = 12_000;
const WARM_IDLE_MS = Number(process.env.PROAGENT_BACKEND_WARM_IDLE_MS) || 10 * 60_000;

declare const PROAGENT_VERSION: string | undefined;
/** Only the bundled plugin has a version; from source the hook always analyzes in its own process. */
const bundled = typeof PROAGENT_VERSION === 'string';

function debug(message: string): void {
  if (process.env.PROAGENT_DEBUG) process.stderr.write(`proagent-backend hook: ${message}\n`);
}

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
  if (json.hook_event_name === 'PreToolUse') {
    // The hot path: a shape check instead of the zod schema, whose load alone costs ~40 ms.
    const input = asPreToolUse(json);
    const output = input && (await import('./pre-tool-use.ts')).preToolUse(input);
    if (output) process.stdout.write(`${JSON.stringify(output)}\n`);
    return;
  }
  if (bundled && process.env.PROAGENT_BACKEND_WARM !== 'off') {
    const warm = await import('./warm.ts');
    const entry = fileURLToPath(import.meta.url);
    const socket = warm.socketPath(entry);
    const answer = await warm.ask(socket, JSON.stringify(json), WARM_ANSWER_MS);
    if (answer !== undefined) {
      debug('answered by the warm server');
      if (answer !== 'null') process.stdout.write(`${answer}\n`);
      return;
    }
    warm.startServer(entry, socket);
  }
  const output = await analyzeEdit(JSON.stringify(json));
  if (output !== 'null') process.stdout.write(`${output}\n`);
}

/** One PostToolUse input in, one JSON answer out ('null' when there is nothing to tell the model). */
async function analyzeEdit(request: string): Promise<string> {
  const parsed = (await import('./input.ts')).hookInputSchema.safeParse(JSON.parse(request));
  if (!parsed.success) return 'null';
  (await import('../runtime-env.ts')).useBundledGrammars(import.meta.url);
  return JSON.stringify((await (await import('./post-tool-use.ts')).postToolUse(parsed.data)) ?? null);
}

function asPreToolUse(json: unknown): HookInput | undefined {
  const j = json as Partial<HookInput> | null;
  const t = j?.tool_input;
  const strings = (v: unknown) => v === undefined || typeof v === 'string';
  if (!t || typeof t.file_path !== 'string' || !strings(t.content) || !strings(t.new_string) || !strings(j?.cwd)) return undefined;
  if (t.edits !== undefined && !(Array.isArray(t.edits) && t.edits.every((e) => typeof e?.new_string === 'string'))) return undefined;
  return j as HookInput;
}

if (process.argv[2] === 'serve' && process.argv[3]) {
  (await import('./warm.ts')).serve(process.argv[3], analyzeEdit, WARM_IDLE_MS);
} else {
  try {
    await main();
  } catch (error) {
    debug(error instanceof Error ? error.message : String(error));
  }
  process.exitCode = 0;
}
