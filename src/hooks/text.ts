import type { HookInput } from './input.ts';

/** The text a Write or Edit is about to put in the file (for an edit, only the replacement text). */
export function incomingText(input: Pick<HookInput, 'tool_input'>): string {
  const t = input.tool_input;
  return [t.content, t.new_string, ...(t.edits ?? []).map((e) => e.new_string)].filter((s): s is string => typeof s === 'string').join('\n');
}
