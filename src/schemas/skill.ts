import { z } from 'zod';
import { commandShape } from './command.ts';

export const skillFrontmatterSchema = z.strictObject({
  ...commandShape,
  paths: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  context: z.enum(['inline', 'fork']).optional(),
  agent: z.string().min(1).optional(),
  background: z.boolean().optional(),
  hooks: z.record(z.string(), z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type SkillFrontmatter = z.infer<typeof skillFrontmatterSchema>;
