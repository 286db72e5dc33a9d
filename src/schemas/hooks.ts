import { z } from 'zod';
import { shellSchema } from './common.ts';

export const HOOK_EVENTS = [
  'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PostToolBatch', 'Notification', 'UserPromptSubmit', 'UserPromptExpansion',
  'SessionStart', 'SessionEnd', 'Stop', 'StopFailure', 'SubagentStart', 'SubagentStop', 'PreCompact', 'PostCompact',
  'PreModelSwitch', 'PostModelSwitch', 'PermissionRequest', 'PermissionDenied', 'Setup', 'TeammateIdle', 'TaskCreated',
  'TaskCompleted', 'Elicitation', 'ElicitationResult', 'ConfigChange', 'WorktreeCreate', 'WorktreeRemove',
  'InstructionsLoaded', 'CwdChanged', 'FileChanged', 'DirectoryAdded', 'MessageDisplay',
] as const;

/** Events whose matcher is compared with a tool name; elsewhere a matcher is dead configuration. */
export const TOOL_EVENTS: readonly string[] = ['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied'];

const timeout = z.number().positive();

export const commandHookSchema = z.strictObject({
  type: z.literal('command'),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  if: z.string().optional(),
  shell: shellSchema.optional(),
  timeout: timeout.optional(),
  onFailure: z.enum(['continue', 'block']).optional(),
  statusMessage: z.string().optional(),
  once: z.boolean().optional(),
  async: z.boolean().optional(),
  asyncRewake: z.boolean().optional(),
});

const hookSchema = z.discriminatedUnion('type', [
  commandHookSchema,
  z.strictObject({ type: z.literal('prompt'), prompt: z.string().min(1), model: z.string().optional(), timeout: timeout.optional(), if: z.string().optional(), statusMessage: z.string().optional() }),
  z.strictObject({ type: z.literal('agent'), prompt: z.string().min(1), model: z.string().optional(), timeout: timeout.optional(), if: z.string().optional(), statusMessage: z.string().optional() }),
  z.strictObject({ type: z.literal('http'), url: z.url(), headers: z.record(z.string(), z.string()).optional(), timeout: timeout.optional(), if: z.string().optional(), statusMessage: z.string().optional() }),
  z.strictObject({ type: z.literal('mcp_tool'), server: z.string().min(1), tool: z.string().min(1), input: z.record(z.string(), z.unknown()).optional(), timeout: timeout.optional(), if: z.string().optional(), statusMessage: z.string().optional() }),
]);

const matcherGroupSchema = z.strictObject({ matcher: z.string().optional(), hooks: z.array(hookSchema).min(1) });

/** Event names are checked separately (hook-event-unknown) so a typo gets a did-you-mean. */
export const hooksFileSchema = z.union([
  z.strictObject({ description: z.string().optional(), hooks: z.record(z.string(), z.array(matcherGroupSchema)) }),
  z.strictObject({ description: z.string().optional(), modules: z.array(z.string().min(1)).min(1) }),
]);

export type HooksFile = z.infer<typeof hooksFileSchema>;
export type CommandHook = z.infer<typeof commandHookSchema>;
