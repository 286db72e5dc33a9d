import { z } from 'zod';

export const buildConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  pluginRoot: z.string().default('.'),
  outDir: z.string().default('dist'),
  /** Where knowledge files live, relative to the plugin root; citations are rewritten to point here. */
  referencesDir: z.string().default('skills/backend-assistant/references'),
  catalog: z.string().default('assets/catalog.yaml'),
  /**
   * Bundled JavaScript the plugin runs (hooks, MCP servers, ! lines): bundle path -> TypeScript entry,
   * built with esbuild into self-contained files, since installs never run npm install.
   */
  runtime: z.record(z.string().regex(/^[\w./-]+\.mjs$/, 'must be a bundle path ending in .mjs'), z.string().min(1)).default({}),
  /** Files the runtime loads next to itself (wasm parsers and grammars): bundle path -> source path. */
  runtimeAssets: z.record(z.string().regex(/^[\w./-]+$/), z.string().min(1)).default({}),
  /** Files and folders of the plugin root that make up the bundle; everything else (src, test, ...) stays out. */
  include: z.array(z.string().min(1)).min(1),
  budgets: z.strictObject({
    alwaysOnTokens: z.number().int().positive(),
    bodyTokens: z.number().int().positive(),
    referenceTokens: z.number().int().positive(),
    skillLines: z.number().int().positive(),
    descriptionChars: z.strictObject({ command: z.number().int().positive(), skill: z.number().int().positive(), agent: z.number().int().positive() }),
  }),
  marketplace: z.strictObject({
    name: z.string().min(1),
    owner: z.strictObject({ name: z.string().min(1), email: z.email().optional(), url: z.url().optional() }),
    description: z.string().min(1),
    category: z.string().min(1),
    tags: z.array(z.string().min(1)),
    /** The published zip's URL; ${version} is replaced. The entry pins it with the zip's sha256. */
    archiveUrl: z.string().regex(/^https:\/\/.*\$\{version\}/, 'must be an https URL containing ${version}'),
  }),
});
export type BuildConfig = z.infer<typeof buildConfigSchema>;
