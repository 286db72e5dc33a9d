import type { Node } from 'web-tree-sitter';
import type { Candidate, Check } from '../check.ts';
import { field, named, stringValue, unwrap, type SourceFile } from '../syntax.ts';

/**
 * CORS that lets any site read credentialed responses. Browsers refuse `*` with credentials, so libraries that accept
 * the pair either break or quietly reflect the caller's Origin (Starlette, Flask-CORS); reflecting every origin with
 * credentials lets any web page act as the logged-in user.
 */

const FIX = 'List the trusted origins explicitly (allow-list) when credentials are allowed; never combine credentials with "*" or an origin echoed back unchecked.';

const ORIGIN_KEYS = /^(origin|origins|allow_origins|allowedOrigins|AllowedOrigins|AllowOrigins|allow_origin_regex)$/;
const CREDENTIAL_KEYS = /^(credentials|allow_credentials|supports_credentials|AllowCredentials|allowCredentials)$/;

export const corsWildcardCredentials: Check = (source) => [...fromOptions(source), ...fromHeaders(source)];

interface Options {
  node: Node;
  entries: Map<string, Node>;
}

/** Key/value option sets: JS object literals, Python keyword arguments, Go composite literals. */
function optionSets(source: SourceFile): Options[] {
  const sets: Options[] = [];
  if (source.family === 'python') {
    for (const call of source.calls) if (call.kwargs.size > 0) sets.push({ node: call.node, entries: call.kwargs });
    return sets;
  }
  const type = source.family === 'js' ? 'object' : 'literal_value';
  for (const node of source.ofType(type)) {
    const entries = new Map<string, Node>();
    for (const entry of named(node)) {
      const key = field(entry, 'key');
      const value = field(entry, 'value');
      if (!key || !value) continue;
      const name = stringValue(key) ?? (named(key)[0] ?? key).text;
      entries.set(name, named(value)[0] && value.type === 'literal_element' ? (named(value)[0] as Node) : value);
    }
    if (entries.size > 0) sets.push({ node, entries });
  }
  return sets;
}

function fromOptions(source: SourceFile): Candidate[] {
  const found: Candidate[] = [];
  for (const { node, entries } of optionSets(source)) {
    let credentials = false;
    let origin: { node: Node; how: string } | undefined;
    for (const [key, value] of entries) {
      if (CREDENTIAL_KEYS.test(key) && /^(true|True)$/.test(value.text)) credentials = true;
      if (ORIGIN_KEYS.test(key)) {
        const how = anyOrigin(source, key, value);
        if (how) origin = { node: value, how };
      }
      if (/^(AllowAllOrigins|allow_all_origins)$/.test(key) && /^(true|True)$/.test(value.text)) origin = { node: value, how: 'allows all origins' };
      if (/^(AllowOriginFunc|AllowOriginRequestFunc|AllowOriginVaryRequestFunc)$/.test(key) && alwaysTrue(value)) origin = { node: value, how: 'accepts every origin in its origin function' };
    }
    const flaskDefault = source.family === 'python' && credentials && !origin && isFlaskCors(source, node, entries);
    if (credentials && (origin || flaskDefault)) {
      const how = origin?.how ?? 'keeps Flask-CORS\'s default origins="*"';
      found.push({ rule: 'cors-wildcard-credentials', at: [origin?.node ?? node, node], message: `CORS ${how} and allows credentials: any website can make authenticated requests and read the responses.`, fix: FIX });
    }
  }
  return found;
}

function anyOrigin(source: SourceFile, key: string, value: Node): string | undefined {
  const v = unwrap(value);
  const literal = stringValue(v);
  if (key === 'allow_origin_regex') return literal !== undefined && /^\^?(https?:\/\/)?\.[*+]\$?$/.test(literal) ? 'matches every origin with its regex' : undefined;
  if (literal === '*') return 'allows origin "*"';
  if (/^(true|True)$/.test(v.text) && source.family === 'js') return 'reflects every origin (origin: true)';
  if (['array', 'list', 'composite_literal', 'literal_value'].includes(v.type) && v.descendantsOfType(['string_fragment', 'string_content', 'interpreted_string_literal_content']).some((s) => s.text === '*')) return 'allows origin "*"';
  if (source.isFunction(v) && alwaysTrue(v)) return 'accepts every origin in its origin function';
  return undefined;
}

/** An origin callback that never compares anything: `(origin, cb) => cb(null, true)`, `func(o string) bool { return true }`. */
function alwaysTrue(fn: Node): boolean {
  const text = fn.text;
  return /(\(\s*null\s*,\s*true\s*\)|return\s+true\b|=>\s*true\b)/.test(text) && !/(===|==|!=|includes|indexOf|\.has\(|\.test\(|match|HasSuffix|HasPrefix|Contains|\bif\b|\bswitch\b)/.test(text);
}

function isFlaskCors(source: SourceFile, node: Node, entries: Map<string, Node>): boolean {
  const call = source.callAt(node);
  return call !== undefined && /^(CORS|cross_origin|flask_cors\.CORS)$/.test(call.callee) && entries.has('supports_credentials') && !entries.has('origins') && !entries.has('resources');
}

/** Header writes: Access-Control-Allow-Origin set to "*" or echoed from the request, with Allow-Credentials true. */
function fromHeaders(source: SourceFile): Candidate[] {
  const origins: { node: Node; value: Node; scope: number }[] = [];
  const credentialScopes = new Set<number>();
  for (const [name, value, node] of headerWrites(source)) {
    const header = name.toLowerCase();
    const scope = source.scopeOf(node).id;
    if (header === 'access-control-allow-credentials' && /true/i.test(value.text)) credentialScopes.add(scope);
    if (header === 'access-control-allow-origin') origins.push({ node, value, scope });
  }
  const found: Candidate[] = [];
  for (const { node, value, scope } of origins) {
    if (!credentialScopes.has(scope) && !credentialScopes.has(source.root.id)) continue;
    const literal = stringValue(value);
    const reflected = literal === undefined && /origin/i.test(value.text) && !checkedFirst(source, node);
    if (literal === '*' || reflected) {
      const how = literal === '*' ? 'is "*"' : 'echoes the request Origin without checking it';
      found.push({ rule: 'cors-wildcard-credentials', at: [node], message: `Access-Control-Allow-Origin ${how} while Access-Control-Allow-Credentials is true.`, fix: FIX });
    }
  }
  return found;
}

/** [header name, value node, the write] for res.setHeader/res.header/res.set, headers.set, w.Header().Set, c.Header, response.headers[...] = ... */
function headerWrites(source: SourceFile): [string, Node, Node][] {
  const writes: [string, Node, Node][] = [];
  for (const call of source.calls) {
    if (!/^(setHeader|header|set|append|Set|Add|Header)$/.test(call.name)) continue;
    const name = stringValue(call.args[0]);
    const value = call.args[1];
    if (name !== undefined && value && /^access-control-allow-/i.test(name)) writes.push([name, value, call.node]);
  }
  if (source.family === 'python') {
    for (const node of source.ofType('assignment')) {
      const left = field(node, 'left');
      const right = field(node, 'right');
      const key = left?.type === 'subscript' ? stringValue(field(left, 'subscript')) : undefined;
      if (key !== undefined && right && /^access-control-allow-/i.test(key)) writes.push([key, right, node]);
    }
  }
  return writes;
}

/** The echo sits under a condition that looks at the origin (an allow-list check). */
function checkedFirst(source: SourceFile, node: Node): boolean {
  for (const ancestor of source.ancestorsInFunction(node)) {
    if (['if_statement', 'conditional_expression', 'ternary_expression'].includes(ancestor.type) && /origin/i.test(field(ancestor, 'condition')?.text ?? '')) return true;
  }
  return false;
}
