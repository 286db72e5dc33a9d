import { z } from 'zod';
import { effortSchema, kebabName, modelSchema, shellSchema, toolListSchema } from './common.ts';

/** Keys shared by command and skill frontmatter (Claude Code 2.1.330). */
export const commandShape = {
  name: kebabName.optional(),
  description: z.string().min(1).optional(),
  when_to_use: z.string().min(1).optional(),
  'argument-hint': z.string().optional(),
  'allowed-tools': toolListSchema.optional(),
  'disallowed-tools': toolListSchema.optional(),
  model: modelSchema.optional(),
  effort: effortSchema.optional(),
  shell: shellSchema.optional(),
  'disable-model-invocation': z.boolean().optional(),
  'user-invocable': z.boolean().optional(),
};

export const commandFrontmatterSchema = z.strictObject(commandShape);
export type CommandFrontmatter = z.infer<typeof commandFrontmatterSchema>;
