import { z } from 'zod';

/** The parts of Claude Code's hook input (stdin JSON, 2.1.330) that the hooks read; the rest is ignored. */
const edit = z.object({ old_string: z.string().optional(), new_string: z.string() });

export const hookInputSchema = z.object({
  hook_event_name: z.enum(['PreToolUse', 'PostToolUse']),
  tool_name: z.string(),
  cwd: z.string().optional(),
  tool_input: z.object({
    file_path: z.string(),
    content: z.string().optional(),
    new_string: z.string().optional(),
    edits: z.array(edit).optional(),
  }),
  tool_response: z
    .object({
      structuredPatch: z.array(z.object({ newStart: z.number().int(), newLines: z.number().int() })).optional(),
    })
    .passthrough()
    .optional(),
});
export type HookInput = z.infer<typeof hookInputSchema>;
