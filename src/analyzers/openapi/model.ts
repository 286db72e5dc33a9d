/** Reading a dereferenced OpenAPI document defensively: any field may be missing, of the wrong type, or cyclic. */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface Operation {
  path: string;
  method: HttpMethod;
  operation: JsonObject;
  pathItem: JsonObject;
  pointer: readonly string[];
}

export function pathEntries(api: JsonObject): [string, JsonObject][] {
  const paths = asObject(api.paths) ?? {};
  return Object.entries(paths).flatMap(([path, item]) => {
    const pathItem = asObject(item);
    return pathItem === undefined ? [] : [[path, pathItem] as [string, JsonObject]];
  });
}

export function operationsOf(api: JsonObject): Operation[] {
  return pathEntries(api).flatMap(([path, pathItem]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = asObject(pathItem[method]);
      return operation === undefined ? [] : [{ path, method, operation, pathItem, pointer: ['paths', path, method] }];
    }),
  );
}

/** Path-level and operation-level parameters together (the operation's win on name and location, which does not matter for the checks here). */
export function parametersOf(op: Operation): JsonObject[] {
  return [...(asArray(op.pathItem.parameters) ?? []), ...(asArray(op.operation.parameters) ?? [])].flatMap((parameter) => {
    const object = asObject(parameter);
    return object === undefined ? [] : [object];
  });
}

export function responsesOf(op: Operation): JsonObject {
  return asObject(op.operation.responses) ?? {};
}

/** The security requirements in force: the operation's own, else the document's. */
export function securityOf(op: Operation, api: JsonObject): unknown[] | undefined {
  return asArray(op.operation.security) ?? asArray(api.security);
}

/** Secured means every alternative requires a scheme; an empty requirement `{}` makes authentication optional. */
export function isSecured(requirements: unknown[] | undefined): boolean {
  return requirements !== undefined && requirements.length > 0 && requirements.every((requirement) => Object.keys(asObject(requirement) ?? {}).length > 0);
}

export function isJsonMediaType(mediaType: string): boolean {
  const type = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json') || type === '*/*' || type === 'application/*';
}

/** Schemas of a response's media types, JSON ones first (the others only when there is no JSON one). */
export function responseSchemas(response: JsonObject): { mediaType: string; schema: unknown }[] {
  const entries = Object.entries(asObject(response.content) ?? {}).map(([mediaType, media]) => ({ mediaType, schema: asObject(media)?.schema }));
  const json = entries.filter((entry) => isJsonMediaType(entry.mediaType));
  return json.length > 0 ? json : entries;
}

/** Composition is followed this deep; dereferenced schemas can be cyclic. */
const MAX_SCHEMA_DEPTH = 6;

export function schemaTypes(schema: JsonObject): Set<string> {
  const declared = schema.type;
  const types = new Set(typeof declared === 'string' ? [declared] : (asArray(declared) ?? []).filter((type): type is string => typeof type === 'string'));
  if (types.size === 0 && asObject(schema.properties) !== undefined) types.add('object');
  if (types.size === 0 && schema.items !== undefined) types.add('array');
  return types;
}

/** Properties of an object schema, merged through `allOf`. */
export function schemaProperties(schema: JsonObject, depth = 0): Map<string, unknown> {
  const properties = new Map<string, unknown>(Object.entries(asObject(schema.properties) ?? {}));
  if (depth >= MAX_SCHEMA_DEPTH) return properties;
  for (const member of asArray(schema.allOf) ?? []) {
    const object = asObject(member);
    if (object === undefined) continue;
    for (const [name, property] of schemaProperties(object, depth + 1)) properties.set(name, property);
  }
  return properties;
}

/** Envelope fields that conventionally carry the page of a list response. */
const LIST_ENVELOPE_FIELDS = ['items', 'data', 'results', 'records', 'entries', 'content', 'edges', 'nodes', 'hits', 'elements', 'values'];

/** An unbounded array: a declared `maxItems` means the list cannot grow, so it needs no paging. */
function isUnboundedArray(schema: unknown): boolean {
  const object = asObject(schema);
  return object !== undefined && schemaTypes(object).has('array') && object.maxItems === undefined;
}

/** A response body that is a list: an array, or an object whose envelope field is an array. */
export function isListSchema(schema: unknown): boolean {
  const object = asObject(schema);
  if (object === undefined) return false;
  if (isUnboundedArray(object)) return true;
  const properties = schemaProperties(object);
  return LIST_ENVELOPE_FIELDS.some((field) => isUnboundedArray(properties.get(field)));
}

/** The success response of a read: 200, 206 or 2XX, else the first other 2xx with a body. */
export function successResponse(op: Operation): { code: string; response: JsonObject } | undefined {
  const responses = responsesOf(op);
  const codes = Object.keys(responses);
  const code = ['200', '206', '2XX', '2xx'].find((candidate) => codes.includes(candidate)) ?? codes.find((candidate) => /^2\d\d$/.test(candidate) && candidate !== '204');
  const response = code === undefined ? undefined : asObject(responses[code]);
  return code === undefined || response === undefined ? undefined : { code, response };
}

/** Whether a GET returns a list (the first JSON schema of its success response). */
export function returnsList(op: Operation): boolean {
  if (op.method !== 'get') return false;
  const success = successResponse(op);
  return success !== undefined && responseSchemas(success.response).some((entry) => isListSchema(entry.schema));
}
