import { z } from 'zod';

/** "repo/path/in/repo": how the seed documents cite the source assets the plugin is built from. */
const sourceId = z.string().regex(/^[\w.-]+\/[\w./-]+$/, 'must be <repository>/<path>, e.g. proagent/roles/backend-engineer/skills/api-design.md');

export const catalogSchema = z.strictObject({
  repositories: z.array(z.string().regex(/^[\w.-]+$/)).min(1),
  references: z
    .array(
      z.strictObject({
        /** Checked by the resolver, which reports a path that leaves the references folder as path-escape. */
        file: z.string().min(1),
        title: z.string().min(1),
        covers: z.string().min(1),
        sources: z.array(sourceId).min(1),
      }),
    )
    .min(1),
});
export type Catalog = z.infer<typeof catalogSchema>;
