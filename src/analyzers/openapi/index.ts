import { resolve } from 'node:path';
import { z } from 'zod';
import { bySeverityThenLocation, safelyAsync, type AnalyzerResult, type Finding } from '../finding.ts';
import { checkClientErrors, checkListPagination, checkProblemDetails } from './checks/responses.ts';
import { checkOperationIds, checkOperationSecurity, checkRequestBodies, checkSecuritySchemes } from './checks/operations.ts';
import { checkPathNaming, checkVersionPrefix } from './checks/paths.ts';
import { createContext } from './context.ts';
import { asObject, asString, operationsOf } from './model.ts';
import { dereferenceDocument } from './resolve.ts';
import { parseSource } from './source.ts';

export { OPENAPI_RULES, type OpenApiRuleId } from './rules.ts';

/** Larger specs exist (public cloud APIs reach several MB); past this, parsing alone would stall a hook. */
export const MAX_OPENAPI_CHARS = 8 * 1024 * 1024;

export const lintOpenApiOptionsSchema = z.object({
  /** Path reported in findings, as the caller knows it (repository-relative, usually). */
  file: z.string().min(1),
  /** Directory that `file` is relative to, and the only tree external `$ref` files are read from. Without it, external `$ref`s are not followed. */
  baseDir: z.string().min(1).optional(),
});
export type LintOpenApiOptions = z.infer<typeof lintOpenApiOptionsSchema>;

const SUPPORTED_VERSION = /^3\.[01]\.\d+$/;

/** Lints an OpenAPI 3.0/3.1 document (YAML or JSON) against the practice's REST conventions. Never throws. */
export function lintOpenApi(text: string, options: LintOpenApiOptions): Promise<AnalyzerResult> {
  return safelyAsync(async (): Promise<AnalyzerResult> => {
    const parsedOptions = lintOpenApiOptionsSchema.safeParse(options);
    if (!parsedOptions.success) return { ok: false, error: { code: 'invalid-argument', message: z.prettifyError(parsedOptions.error) } };
    const { file, baseDir } = parsedOptions.data;
    if (typeof text !== 'string') return { ok: false, error: { code: 'invalid-argument', message: 'text must be a string', file } };
    if (text.length > MAX_OPENAPI_CHARS) {
      return { ok: false, error: { code: 'input-too-large', message: `document is ${text.length} characters; the limit is ${MAX_OPENAPI_CHARS}`, file } };
    }

    const source = parseSource(text);
    if ('code' in source) return { ok: false, error: { ...source, file } };
    const root = asObject(source.value);
    if (root === undefined) return { ok: false, error: { code: 'unsupported-input', message: 'the document is not a mapping', file } };
    const unsupported = unsupportedReason(root);
    if (unsupported !== undefined) return { ok: false, error: { code: 'unsupported-input', message: unsupported, file } };

    // Nothing to lint in a components-only document (valid in 3.1); Swagger Parser would reject it.
    if (root.paths === undefined) return { ok: true, findings: [] };

    const resolved = await dereferenceDocument(root, {
      documentPath: resolve(baseDir ?? '/', file),
      sandbox: baseDir,
      refSites: source.refSites,
    });
    if ('code' in resolved) return { ok: false, error: { ...resolved, file } };
    const api = asObject(resolved.api) ?? {};

    const findings: Finding[] = [];
    const ctx = createContext(api, operationsOf(api), file, source.locate, findings);
    for (const problem of resolved.problems) {
      ctx.report('ref-resolves', problem.pointer, `unresolved $ref: ${problem.message}`, 'Point the $ref at an existing component or a file inside the project (http(s) references are not followed).');
    }
    checkOperationSecurity(ctx);
    checkSecuritySchemes(ctx);
    checkOperationIds(ctx);
    checkRequestBodies(ctx);
    checkProblemDetails(ctx);
    checkClientErrors(ctx);
    checkListPagination(ctx);
    checkVersionPrefix(ctx);
    checkPathNaming(ctx);
    return { ok: true, findings: findings.sort(bySeverityThenLocation) };
  });
}

/** Why a mapping is not an OpenAPI 3.0/3.1 document, if it is not one. */
function unsupportedReason(root: Record<string, unknown>): string | undefined {
  if (root.swagger !== undefined) return 'Swagger 2.0 documents are not supported; convert to OpenAPI 3.x first';
  if (root.openapi === undefined) return 'not an OpenAPI document: there is no `openapi` field';
  const version = asString(root.openapi);
  if (version === undefined) return 'the `openapi` field must be a string such as "3.1.0" (quote it in YAML)';
  if (!SUPPORTED_VERSION.test(version)) return `OpenAPI ${version} is not supported; 3.0.x and 3.1.x are`;
  return undefined;
}
