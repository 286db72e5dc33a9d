import { describe, type LintContext } from '../context.ts';
import {
  asArray,
  asObject,
  asString,
  isSecured,
  parametersOf,
  responseSchemas,
  responsesOf,
  returnsList,
  schemaProperties,
  schemaTypes,
  securityOf,
  type Operation,
} from '../model.ts';
import { isPaginationParameter } from '../vocabulary.ts';

/** list-pagination: a GET that returns a list takes a page size, an offset, a page number or a cursor. */
export function checkListPagination(ctx: LintContext): void {
  for (const op of ctx.operations) {
    if (!returnsList(op)) continue;
    // A parameter still behind a $ref (external, not followed) might be the page size: give it the benefit of the doubt.
    const paginated = parametersOf(op).some((parameter) => parameter.$ref !== undefined || isPaginationParameter(asString(parameter.name) ?? ''));
    if (!paginated) {
      ctx.report('list-pagination', op.pointer, `${describe(op)} returns a list but takes no pagination parameter`, 'Accept `limit` with `cursor` (or `offset`/`page`) query parameters and return the next cursor; or declare `maxItems` on the array if the list is bounded.');
    }
  }
}

/** Error status codes: 4xx/5xx and their ranges; `default` counts when success codes are documented beside it (it then describes the errors). */
function errorCodes(op: Operation): string[] {
  const codes = Object.keys(responsesOf(op));
  const hasSuccess = codes.some((code) => /^[23](?:\d\d|XX)$/i.test(code));
  return codes.filter((code) => /^[45](?:\d\d|XX)$/i.test(code) || (code === 'default' && hasSuccess));
}

/** Fields that tell a person what went wrong, and fields a program can branch on. */
const HUMAN_FIELDS = ['message', 'title', 'detail', 'error_description', 'description'];
const MACHINE_FIELDS = ['code', 'type', 'status', 'error', 'error_code', 'errorCode'];
const MAX_DEPTH = 4;

type Shape = 'structured' | 'unknown' | 'missing' | 'not-object' | 'no-fields';

/** Classifies an error body schema; anything it cannot see through (an unresolved or circular `$ref`) passes as unknown. */
function errorShape(schema: unknown, depth = 0): Shape {
  const object = asObject(schema);
  if (object === undefined) return schema === null ? 'unknown' : 'missing';
  if (object.$ref !== undefined || depth >= MAX_DEPTH) return 'unknown';
  const alternatives = asArray(object.oneOf) ?? asArray(object.anyOf);
  if (alternatives !== undefined && alternatives.length > 0) {
    const shapes = alternatives.map((alternative) => errorShape(alternative, depth + 1));
    return shapes.find((shape) => shape !== 'structured' && shape !== 'unknown') ?? 'structured';
  }
  const types = schemaTypes(object);
  const properties = schemaProperties(object);
  if (types.size > 0 && !types.has('object')) return 'not-object';
  const isScalar = (field: string): boolean => {
    const property = asObject(properties.get(field));
    return property !== undefined && !schemaTypes(property).has('object') && !schemaTypes(property).has('array');
  };
  if (HUMAN_FIELDS.some(isScalar) && MACHINE_FIELDS.some(isScalar)) {
    return 'structured';
  }
  // Envelopes such as {"error": {"code", "message"}} or {"errors": [{...}]}.
  const envelope = asObject(properties.get('error')) ?? asObject(asObject(properties.get('errors'))?.items);
  return envelope === undefined ? 'no-fields' : errorShape(envelope, depth + 1) === 'structured' ? 'structured' : 'no-fields';
}

type FailedShape = Exclude<Shape, 'structured' | 'unknown'>;

const SHAPE_MESSAGES: Record<FailedShape, string> = {
  missing: 'has no schema',
  'not-object': 'is not an object (a plain string or list)',
  'no-fields': 'is an object without an error code and message',
};

/** problem-details: each error response documents a structured body. */
export function checkProblemDetails(ctx: LintContext): void {
  for (const op of ctx.operations) {
    const responses = responsesOf(op);
    for (const code of errorCodes(op)) {
      const response = asObject(responses[code]);
      // An unresolved or circular $ref leaves the response unknown: nothing to judge.
      if (response === undefined || response.$ref !== undefined) continue;
      const pointer = [...op.pointer, 'responses', code];
      const schemas = responseSchemas(response);
      const fix = 'Describe the error body: `application/problem+json` with type, title, status and detail (RFC 9457), or an object with `code` and `message` (and `details`).';
      if (schemas.length === 0) {
        ctx.report('problem-details', pointer, `${code} response of ${describe(op)} documents no body`, fix);
        continue;
      }
      const shapes = schemas.map((entry) => errorShape(entry.schema));
      const failure = shapes.find((shape): shape is FailedShape => shape !== 'structured' && shape !== 'unknown');
      if (failure === undefined || shapes.some((shape) => shape === 'structured' || shape === 'unknown')) continue;
      ctx.report('problem-details', pointer, `${code} response of ${describe(op)}: the ${schemas[0]?.mediaType ?? ''} body ${SHAPE_MESSAGES[failure]}`, fix);
    }
  }
}

/** Preflight and diagnostic methods answer without client errors of their own. */
const PROTOCOL_METHODS = new Set(['options', 'head', 'trace']);
const WRITE_METHODS = new Set(['post', 'put', 'patch']);
const MUTATING_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** declares-4xx: at least one 4xx (OPTIONS, HEAD and TRACE aside); writes document 400 or 422; secured mutations document 401 or 403. A 4XX range covers all of these. */
export function checkClientErrors(ctx: LintContext): void {
  for (const op of ctx.operations) {
    if (PROTOCOL_METHODS.has(op.method)) continue;
    const codes = Object.keys(responsesOf(op)).map((code) => code.toUpperCase());
    const has = (...wanted: string[]): boolean => codes.includes('4XX') || wanted.some((code) => codes.includes(code));
    if (!codes.some((code) => /^4(?:\d\d|XX)$/.test(code))) {
      ctx.report('declares-4xx', op.pointer, `${describe(op)} documents no 4xx response`, 'Document the client errors the operation returns (400, 401, 403, 404, 409, 422 ...), each with its error body.');
      continue;
    }
    const missing: string[] = [];
    if (WRITE_METHODS.has(op.method) && !has('400', '422')) missing.push('400 or 422 for invalid input');
    if (MUTATING_METHODS.has(op.method) && isSecured(securityOf(op, ctx.api)) && !has('401', '403')) missing.push('401 or 403 for missing or insufficient credentials');
    if (missing.length > 0) {
      ctx.report('declares-4xx', [...op.pointer, 'responses'], `${describe(op)} does not document ${missing.join(', nor ')}`, `Add the ${missing.join(' and ')} response(s).`);
    }
  }
}
