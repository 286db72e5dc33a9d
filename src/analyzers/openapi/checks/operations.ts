import { describe, type LintContext } from '../context.ts';
import { asArray, asObject, asString, type Operation } from '../model.ts';
import type { Pointer } from '../source.ts';
import { isPublicPath } from '../vocabulary.ts';

/** operation-id-unique: present, and unique (case-sensitive, as the spec says) across the document. */
export function checkOperationIds(ctx: LintContext): void {
  const first = new Map<string, Operation>();
  for (const op of ctx.operations) {
    const id = asString(op.operation.operationId);
    if (id === undefined || id.trim() === '') {
      ctx.report('operation-id-unique', op.pointer, `${describe(op)} has no operationId`, 'Add an operationId (e.g. listUsers, getUser): code generators, SDKs and links use it to name the operation.');
      continue;
    }
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, op);
    } else {
      ctx.report('operation-id-unique', [...op.pointer, 'operationId'], `operationId "${id}" of ${describe(op)} is already used by ${describe(earlier)}`, 'Give each operation its own operationId; it must be unique among all operations.');
    }
  }
}

/** operation-security: an operation is covered by its own `security` (even `[]`, an explicit public marker), the document's, or a public path. */
export function checkOperationSecurity(ctx: LintContext): void {
  const globalSecurity = asArray(ctx.api.security);
  const covered = globalSecurity !== undefined && globalSecurity.length > 0;
  const uncovered = ctx.operations.filter((op) => !covered && asArray(op.operation.security) === undefined && !isPublicPath(op.path));
  if (uncovered.length === 0) return;
  const anyDeclared = ctx.operations.some((op) => asArray(op.operation.security) !== undefined);
  if (!anyDeclared) {
    const examples = uncovered.slice(0, 3).map(describe).join(', ');
    ctx.report(
      'operation-security',
      ctx.api.security === undefined ? ['paths'] : ['security'],
      `no security requirement is declared: ${uncovered.length} non-public operation(s) are documented as unauthenticated (${examples}${uncovered.length > 3 ? ', ...' : ''})`,
      'Declare components.securitySchemes and a top-level `security` requirement; mark truly public operations with `security: []`.',
    );
    return;
  }
  for (const op of uncovered) {
    ctx.report('operation-security', op.pointer, `${describe(op)} declares no security requirement and none applies globally`, 'Add `security` to the operation (or a top-level one); if the operation is public on purpose, say so with `security: []`.');
  }
}

/** security-scheme-defined: every name in a security requirement is a declared scheme. */
export function checkSecuritySchemes(ctx: LintContext): void {
  const schemes = asObject(asObject(ctx.api.components)?.securitySchemes) ?? {};
  const check = (requirements: unknown, pointer: Pointer, where: string): void => {
    (asArray(requirements) ?? []).forEach((requirement, index) => {
      for (const name of Object.keys(asObject(requirement) ?? {})) {
        if (!Object.hasOwn(schemes, name)) {
          ctx.report('security-scheme-defined', [...pointer, index, name], `security requirement of ${where} names "${name}", which is not in components.securitySchemes`, `Declare "${name}" under components.securitySchemes, or use the name of a declared scheme.`);
        }
      }
    });
  };
  check(ctx.api.security, ['security'], 'the document');
  for (const op of ctx.operations) check(op.operation.security, [...op.pointer, 'security'], describe(op));
}

const BODYLESS_METHODS = new Set(['get', 'head', 'delete']);

/** request-body-semantics: RFC 9110 gives content in GET, HEAD and DELETE requests no defined semantics. */
export function checkRequestBodies(ctx: LintContext): void {
  for (const op of ctx.operations) {
    if (BODYLESS_METHODS.has(op.method) && op.operation.requestBody !== undefined) {
      ctx.report('request-body-semantics', [...op.pointer, 'requestBody'], `${describe(op)} declares a request body`, `Move the input into query or path parameters, or use POST (e.g. POST ${op.path}/search) when the input does not fit in a URL.`);
    }
  }
}
