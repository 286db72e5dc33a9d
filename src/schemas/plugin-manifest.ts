import { z } from 'zod';
import { httpsUrl, kebabName } from './common.ts';

const relPath = z.string().regex(/^\.\//, 'must start with "./" (relative to the plugin root)');
const relPaths = z.union([relPath, z.array(relPath).min(1)]);
const pathsOrInline = z.union([relPath, z.array(z.union([relPath, z.record(z.string(), z.unknown())])).min(1), z.record(z.string(), z.unknown())]);

/** The sandbox.network.allowedDomains syntax: host, *.host or host:port. */
const hostSchema = z.string().regex(/^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?$/i, 'must be a host such as api.example.com, *.example.com or db.example.com:5432, not a URL');

const userConfigOption = z
  .strictObject({
    type: z.enum(['string', 'number', 'boolean', 'directory', 'file']),
    title: z.string().min(1),
    description: z.string().min(1),
    required: z.boolean().optional(),
    default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
    multiple: z.boolean().optional(),
    sensitive: z.boolean().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    options: z.array(z.string().min(1)).min(1).optional(),
  })
  .superRefine((o, ctx) => {
    if ((o.min !== undefined || o.max !== undefined) && o.type !== 'number') ctx.addIssue({ code: 'custom', message: 'min/max apply to number options only', path: ['min'] });
    if (o.multiple && o.type !== 'string') ctx.addIssue({ code: 'custom', message: 'multiple applies to string options only', path: ['multiple'] });
    if (o.options) {
      if (o.type !== 'string' || o.multiple || o.sensitive) ctx.addIssue({ code: 'custom', message: 'options needs a string option that is neither multiple nor sensitive', path: ['options'] });
      const inOptions = typeof o.default === 'string' && o.options.includes(o.default);
      if (!inOptions && !o.required) ctx.addIssue({ code: 'custom', message: 'options needs a default among them or required: true', path: ['options'] });
    }
  });

const authorSchema = z.strictObject({ name: z.string().min(1), email: z.email().optional(), url: httpsUrl.optional() });

const dependencySchema = z.union([z.string().min(1), z.strictObject({ name: z.string().min(1), marketplace: z.string().min(1).optional() })]);

/** Fields Claude Code 2.1.330 reads from plugin.json, except version (see manifestSchema). */
export const manifestShape = {
  $schema: z.string().optional(),
  name: kebabName,
  displayName: z.string().min(1).optional(),
  description: z.string().min(1),
  author: authorSchema,
  homepage: httpsUrl.optional(),
  repository: z.string().min(1).optional(),
  license: z.string().min(1).optional(),
  keywords: z.array(z.string().min(1)).optional(),
  defaultEnabled: z.boolean().optional(),
  dependencies: z.array(dependencySchema).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  engines: z.strictObject({ 'claude-code': z.string().min(1) }).optional(),
  network: z.strictObject({ hosts: z.array(hostSchema) }).optional(),
  userConfig: z.record(z.string().regex(/^[A-Za-z_]\w*$/, 'option keys must match ^[A-Za-z_]\\w*$'), userConfigOption).optional(),
  commands: pathsOrInline.optional(),
  agents: relPaths.optional(),
  skills: relPaths.optional(),
  hooks: z.union([relPath, z.array(z.union([relPath, z.record(z.string(), z.unknown())])), z.record(z.string(), z.unknown())]).optional(),
  mcpServers: pathsOrInline.optional(),
  lspServers: pathsOrInline.optional(),
  outputStyles: relPaths.optional(),
  workflows: relPaths.optional(),
  channels: z.unknown().optional(),
  settings: z.union([relPath, z.record(z.string(), z.unknown())]).optional(),
  types: z.unknown().optional(),
  binaries: z.unknown().optional(),
  experimental: z
    .strictObject({ themes: z.unknown().optional(), monitors: z.unknown().optional(), outputStyles: z.unknown().optional(), evals: z.unknown().optional(), syntaxHighlighting: z.unknown().optional() })
    .optional(),
  icon: relPath.optional(),
  screenshots: z.array(httpsUrl).optional(),
  classification: z.unknown().optional(),
  privacyPolicyUrl: httpsUrl.optional(),
  supportUrl: z.union([httpsUrl, z.string().regex(/^mailto:/)]).optional(),
  termsOfServiceUrl: httpsUrl.optional(),
  documentationUrl: httpsUrl.optional(),
};

/** Fields that belong in a marketplace entry; Claude Code warns when plugin.json has them. */
export const MARKETPLACE_ONLY_FIELDS = ['category', 'tags', 'source', 'strict', 'id', 'relevance', 'headers', 'headersHelper'] as const;

const semver = z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, 'must be valid semver such as 1.2.3');

/**
 * The source plugin.json has no version: the build writes package.json's version into the bundle,
 * so there is one place to bump (Claude Code only updates a plugin when its version string changes).
 */
export const sourceManifestSchema = z.strictObject(manifestShape);
export const manifestSchema = z.strictObject({ ...manifestShape, version: semver });
export type SourceManifest = z.infer<typeof sourceManifestSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export const packageJsonSchema = z.looseObject({ name: z.string(), version: semver, description: z.string().optional(), license: z.string().optional() });
export type PackageJson = z.infer<typeof packageJsonSchema>;
export { semver as semverSchema };
