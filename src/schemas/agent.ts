import { z } from 'zod';
import { effortSchema, kebabName, modelSchema, toolListSchema } from './common.ts';

/** Keys Claude Code reads for other agents but ignores for plugin agents (debug-log warning only). */
export const AGENT_IGNORED_KEYS = ['permissionMode', 'hooks', 'mcpServers', 'initialPrompt', 'observer', 'observerMessage', 'observeSubagents'] as const;

export const agentFrontmatterSchema = z.strictObject({
  name: kebabName,
  description: z.string().min(1).optional(),
  when_to_use: z.string().min(1).optional(),
  tools: toolListSchema.optional(),
  disallowedTools: toolListSchema.optional(),
  model: modelSchema.optional(),
  color: z.string().min(1).optional(),
  effort: effortSchema.optional(),
  maxTurns: z.number().int().positive().optional(),
  skills: z.array(z.string().min(1)).optional(),
  memory: z.enum(['user', 'project', 'local']).optional(),
  background: z.boolean().optional(),
  isolation: z.literal('worktree').optional(),
});
export type AgentFrontmatter = z.infer<typeof agentFrontmatterSchema>;
