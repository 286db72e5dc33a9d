import { z } from 'zod';
import { manifestShape, semverSchema } from './plugin-manifest.ts';

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-character commit sha');

/** Plugin-entry sources (a bare "git" source is valid only for whole marketplaces). */
export const pluginSourceSchema = z.union([
  z.string().min(1).refine((s) => !s.split('/').includes('..'), 'must not contain ..'),
  z.strictObject({ source: z.literal('github'), repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/), ref: z.string().optional(), sha: sha.optional() }),
  z.strictObject({ source: z.literal('url'), url: z.string().min(1), ref: z.string().optional(), sha: sha.optional() }),
  z.strictObject({ source: z.literal('git-subdir'), url: z.string().min(1), path: z.string().min(1), ref: z.string().optional(), sha: sha.optional() }),
  z.strictObject({ source: z.literal('npm'), package: z.string().min(1), version: z.string().optional(), registry: z.url().optional() }),
  z.strictObject({ source: z.literal('archive'), url: z.url({ protocol: /^https$/ }), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.strictObject({ source: z.literal('command'), command: z.string().min(1) }),
]);

export const marketplaceEntrySchema = z.strictObject({
  ...manifestShape,
  version: semverSchema.optional(),
  source: pluginSourceSchema,
  category: z.string().min(1).optional(),
  tags: z.array(z.string().min(1)).optional(),
  strict: z.boolean().optional(),
  relevance: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  headersHelper: z.string().optional(),
});

export const marketplaceSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and hyphens'),
  owner: z.strictObject({ name: z.string().min(1), email: z.email().optional(), url: z.url().optional() }),
  description: z.string().min(1),
  metadata: z.strictObject({ pluginRoot: z.string().optional(), version: z.string().optional(), description: z.string().optional() }).optional(),
  plugins: z.array(marketplaceEntrySchema).min(1),
  forceRemoveDeletedPlugins: z.boolean().optional(),
  allowCrossMarketplaceDependenciesOn: z.array(z.string()).optional(),
  renames: z.record(z.string(), z.string()).optional(),
});

export type MarketplaceEntry = z.infer<typeof marketplaceEntrySchema>;
export type Marketplace = z.infer<typeof marketplaceSchema>;
