import type { Node } from 'web-tree-sitter';
import { field, lastSegment, named, pathOf, stringValue, unwrap, type Call, type SourceFile } from './syntax.ts';

/**
 * HTTP routes and request handlers in Express/Fastify, FastAPI/Flask/Django and Gin/Echo/chi/net/http code, with the
 * authentication each route visibly has (route middleware, dependency, decorator, or a router-wide `use`).
 */

export interface Route {
  /** The registration call or the decorated definition. */
  node: Node;
  method: string;
  path: string;
  handler: Node | null;
  /** Authentication seen on the route or on its router; the matching text, for messages. */
  auth: string | undefined;
}

/** Names of authentication middleware, dependencies and decorators; `auth` but not `author`. */
export const AUTH_PATTERN = /\b\w*(auth(?!or)|Auth(?!or)|AUTH|login_required|loginRequired|jwt|Jwt|JWT|protect(?!ion)|Protect(?!ion)|guard|Guard|require_?[Uu]ser|[Cc]urrent_?[Uu]ser|getCurrent|get_current|verify_?[Tt]oken|ensure_?[Ll]ogged|is_?[Aa]uthenticated|require_?[Ll]ogin|permission|Permission|admin_required|bearer|Bearer|token_required)\w*/;

const HTTP_CLIENTS = /^(axios|http|https|fetch|request|got|superagent|ky|client|\$http|this\.http|supertest|agent|httpClient|session|requests|httpx|cache|map|params|searchParams|headers|query|localStorage|sessionStorage|redis|store|config|router\.query)$/;
const ROUTER_NAMES = /^(app|router|server|fastify|instance|r|routes?|\w*[Rr]outer|\w*[Aa]pp|\w*[Ss]erver)$/;
const JS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head']);
const PY_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'route', 'api_route', 'websocket', 'head', 'options']);
const GO_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'Any', 'Get', 'Post', 'Put', 'Patch', 'Delete', 'Handle', 'HandleFunc', 'Method', 'MethodFunc']);
export const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function routeIndex(source: SourceFile): { routes: Route[]; handlers: Set<number> } {
  return source.memo('routes', () => {
    const list = source.family === 'js' ? jsRoutes(source) : source.family === 'python' ? pythonRoutes(source) : goRoutes(source);
    return { routes: list, handlers: new Set(list.flatMap((r) => (r.handler ? [r.handler.id] : []))) };
  });
}

export function routes(source: SourceFile): Route[] {
  return routeIndex(source).routes;
}

function authIn(...nodes: (Node | null | undefined)[]): string | undefined {
  for (const node of nodes) {
    const match = node ? AUTH_PATTERN.exec(withoutComments(node)) : null;
    if (match) return match[0];
  }
  return undefined;
}

function withoutComments(node: Node): string {
  let text = node.text;
  for (const comment of node.descendantsOfType('comment').reverse()) {
    const start = comment.startIndex - node.startIndex;
    text = text.slice(0, start) + text.slice(start + comment.text.length);
  }
  return text;
}

interface WideAuth {
  /** The router the authentication covers. */
  receiver: string;
  /** Mounted behind auth (`app.use('/api', auth, router)`): covers the router wherever the mount appears. */
  mounted: boolean;
  start: number;
  scope: number;
  auth: string;
}

/** Router-wide authentication: `X.use(auth)`, `X.Use(auth)`, `X.addHook('onRequest', auth)`, `app.use(path, auth, X)`. */
function wideAuths(source: SourceFile): WideAuth[] {
  return source.memo('wide-auth', () => collectWideAuths(source));
}

function collectWideAuths(source: SourceFile): WideAuth[] {
  const found: WideAuth[] = [];
  for (const call of source.calls) {
    const at = { start: call.node.startIndex, scope: source.scopeOf(call.node).id };
    if ((call.name === 'use' || call.name === 'Use') && call.args.length > 0) {
      const auth = stringValue(call.args[0]) === undefined ? authIn(...call.args) : undefined;
      if (auth) found.push({ receiver: pathOf(call.receiver), mounted: false, auth, ...at });
      const last = call.args[call.args.length - 1];
      const mountAuth = call.args.length >= 2 && last && /^(identifier|member_expression)$/.test(last.type) ? authIn(...call.args.slice(0, -1)) : undefined;
      if (last && mountAuth) found.push({ receiver: pathOf(last), mounted: true, auth: mountAuth, ...at });
    }
    if (call.name === 'addHook' && /^(onRequest|preHandler|preValidation)$/.test(stringValue(call.args[0]) ?? '')) {
      const auth = authIn(call.args[1]);
      if (auth) found.push({ receiver: pathOf(call.receiver), mounted: false, auth, ...at });
    }
  }
  return found;
}

/** Router-wide authentication set up before `at`, in the same or an enclosing function, or a mount behind auth. */
function routerWideAuth(source: SourceFile, receiver: string, at: Node): string | undefined {
  const candidates = wideAuths(source).filter((w) => w.receiver === receiver);
  if (candidates.length === 0) return undefined;
  const scopes = new Set<number>([source.root.id]);
  for (let s: Node = source.scopeOf(at); s.id !== source.root.id; s = source.scopeOf(s)) scopes.add(s.id);
  return candidates.find((w) => w.mounted || (w.start < at.startIndex && scopes.has(w.scope)))?.auth;
}

function jsRoutes(source: SourceFile): Route[] {
  const found: Route[] = [];
  for (const call of source.calls) {
    const receiver = pathOf(call.receiver);
    if (call.name === 'route' && call.args[0]?.type === 'object') {
      const options = objectEntries(call.args[0]);
      const url = stringValue(options.get('url') ?? options.get('path'));
      if (url === undefined) continue;
      const hooks = ['preHandler', 'onRequest', 'preValidation'].map((k) => options.get(k));
      const handler = functionNode(source, options.get('handler'));
      found.push({ node: call.node, method: (stringValue(options.get('method')) ?? 'GET').toUpperCase(), path: url, handler, auth: authIn(...hooks) ?? routerWideAuth(source, receiver, call.node) ?? checkedInside(handler) });
      continue;
    }
    if (!JS_METHODS.has(call.name) || call.receiver === null || HTTP_CLIENTS.test(receiver) || call.args.length < 2) continue;
    const path = stringValue(call.args[0]);
    if (path === undefined || !/^[/*]/.test(path)) continue;
    const last = call.args[call.args.length - 1];
    const handler = functionNode(source, last);
    // `client.post('/users', payload)` is an HTTP call, not a route: without a handler function the receiver must be a router.
    if (!handler && !(ROUTER_NAMES.test(lastSegment(receiver)) && (last?.type === 'identifier' || last?.type === 'member_expression'))) continue;
    const middleware = call.args.slice(1, -1).flatMap((arg) => {
      if (arg.type !== 'object') return [arg];
      const options = objectEntries(arg);
      return ['preHandler', 'onRequest', 'preValidation'].flatMap((k) => options.get(k) ?? []);
    });
    const method = call.name === 'del' ? 'DELETE' : call.name === 'all' ? 'ANY' : call.name.toUpperCase();
    found.push({ node: call.node, method, path, handler, auth: authIn(...middleware) ?? routerWideAuth(source, receiver, call.node) ?? checkedInside(handler) });
  }
  return found;
}

/** A handler that checks credentials itself (reads the Authorization header, verifies a token, loads the session user). */
function checkedInside(handler: Node | null): string | undefined {
  return authIn(field(handler, 'body'));
}

function objectEntries(object: Node): Map<string, Node> {
  const entries = new Map<string, Node>();
  for (const pair of named(unwrap(object))) {
    const key = field(pair, 'key');
    const value = field(pair, 'value');
    if (key && value) entries.set(stringValue(key) ?? key.text, value);
    else if (pair.type === 'shorthand_property_identifier') entries.set(pair.text, pair);
  }
  return entries;
}

/** The function a handler argument denotes: inline, or declared under that name in the file. */
function functionNode(source: SourceFile, node: Node | null | undefined): Node | null {
  if (!node) return null;
  const n = unwrap(node);
  if (source.isFunction(n)) return n;
  if (n.type !== 'identifier' && n.type !== 'shorthand_property_identifier') return null;
  for (const fn of source.ofType('function_declaration', 'method_declaration', 'function_definition')) {
    if (field(fn, 'name')?.text === n.text) return fn;
  }
  const assigned = source.assignmentsAnywhere(n.text).at(-1);
  return assigned && source.isFunction(unwrap(assigned.value)) ? unwrap(assigned.value) : null;
}

function pythonRoutes(source: SourceFile): Route[] {
  const found: Route[] = [];
  const routerAuth = new Map<string, string>();
  for (const call of source.calls) {
    // APIRouter(dependencies=[Depends(auth)]) / FastAPI(dependencies=...) protect every route of that router.
    if (!/^(APIRouter|FastAPI|fastapi\.APIRouter)$/.test(call.callee)) continue;
    const auth = authIn(call.kwargs.get('dependencies'));
    const target = call.node.parent?.type === 'assignment' ? field(call.node.parent, 'left')?.text : undefined;
    if (auth && target) routerAuth.set(target, auth);
  }
  for (const fn of source.ofType('decorated_definition')) {
    const decorators = fn.namedChildren.filter((c) => c.type === 'decorator');
    for (const decorator of decorators) {
      const expr = named(decorator)[0];
      const call = expr ? source.callAt(expr) : undefined;
      if (!call || !PY_METHODS.has(call.name) || call.receiver === null) continue;
      const path = stringValue(call.args[0]) ?? stringValue(call.kwargs.get('path')) ?? stringValue(call.kwargs.get('rule'));
      if (path === undefined) continue;
      const definition = field(fn, 'definition');
      const receiver = pathOf(call.receiver);
      const methods = call.kwargs.get('methods');
      const listed = methods ? named(methods).map((m) => (stringValue(m) ?? '').toUpperCase()) : [];
      const method = call.name === 'route' || call.name === 'api_route' ? (listed.find((m) => MUTATING.has(m)) ?? listed[0] ?? 'GET') : call.name.toUpperCase();
      const others = decorators.filter((d) => d.id !== decorator.id);
      // Dependencies in parameters: `user = Depends(get_current_user)`, or an Annotated alias such as `CurrentUser`.
      const paramAuth = authIn(field(definition, 'parameters'));
      found.push({
        node: fn,
        method,
        path,
        handler: definition,
        auth: authIn(...others) ?? authIn(call.kwargs.get('dependencies')) ?? paramAuth ?? routerAuth.get(receiver) ?? beforeRequestAuth(source, receiver) ?? checkedInside(definition),
      });
    }
  }
  return found;
}

/** Flask: `@bp.before_request` running an authentication check guards every route of `bp`. */
function beforeRequestAuth(source: SourceFile, receiver: string): string | undefined {
  for (const fn of source.ofType('decorated_definition')) {
    if (fn.namedChildren.some((d) => d.type === 'decorator' && d.text.replace(/\s/g, '') === `@${receiver}.before_request`)) {
      const auth = authIn(fn);
      if (auth) return auth;
    }
  }
  return undefined;
}

function goRoutes(source: SourceFile): Route[] {
  const found: Route[] = [];
  for (const call of source.calls) {
    if (!GO_METHODS.has(call.name) || call.receiver === null) continue;
    const { method, path, rest } = goRouteParts(call);
    if (path === undefined || !path.startsWith('/')) continue;
    const receiver = unwrap(call.receiver);
    const handler = functionNode(source, rest[rest.length - 1]);
    // Middleware sits between path and handler (Gin, chi) or after the handler as factory calls (Echo).
    const middleware = [...rest.slice(0, -1), ...rest.slice(-1).filter((n) => source.isCall(n))];
    const auth = authIn(...middleware)
      ?? (receiver.type === 'call_expression' ? authIn(receiver) : undefined)
      ?? groupAuth(source, receiver, call)
      ?? routerWideAuth(source, pathOf(receiver), call.node)
      ?? checkedInside(handler);
    found.push({ node: call.node, method, path, handler, auth });
  }
  return found;
}

/** Gin/Echo `r.POST(path, h...)`, chi `r.Post(path, h)`, `r.Method("POST", path, h)`, net/http `mux.HandleFunc("POST /x", h)`. */
function goRouteParts(call: Call): { method: string; path: string | undefined; rest: Node[] } {
  if (call.name === 'Method' || call.name === 'MethodFunc' || (call.name === 'Handle' && call.args.length >= 3 && stringValue(call.args[1]) !== undefined)) {
    return { method: (stringValue(call.args[0]) ?? 'ANY').toUpperCase(), path: stringValue(call.args[1]), rest: call.args.slice(2) };
  }
  const first = stringValue(call.args[0]);
  if (call.name === 'Handle' || call.name === 'HandleFunc') {
    const m = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)$/.exec(first ?? '');
    return { method: m?.[1] ?? 'ANY', path: m?.[2] ?? first, rest: call.args.slice(1) };
  }
  return { method: call.name === 'Any' ? 'ANY' : call.name.toUpperCase(), path: first, rest: call.args.slice(1) };
}

/** A Gin group created with auth middleware: `g := r.Group("/api", AuthRequired())`. */
function groupAuth(source: SourceFile, receiver: Node, at: Call): string | undefined {
  if (receiver.type !== 'identifier') return undefined;
  for (const assignment of source.assignmentsBefore(receiver.text, at.node)) {
    const group = source.callAt(assignment.value);
    if (group && group.name === 'Group') return authIn(...group.args.slice(1));
  }
  return undefined;
}

const HANDLER_PARAM_TYPES = /(http\.ResponseWriter|\*gin\.Context|echo\.Context|\*fiber\.Ctx)/;

/** Request handlers: route targets, plus functions shaped like one (req/res parameters, Django request, Go ResponseWriter). */
export function isHandler(source: SourceFile, fn: Node): boolean {
  if (routeIndex(source).handlers.has(fn.id)) return true;
  const params = field(fn, 'parameters');
  const names = named(params).map((p) => (field(p, 'pattern') ?? field(p, 'name') ?? p).text);
  switch (source.family) {
    case 'js':
      if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(field(fn, 'name')?.text ?? '') && fn.parent?.type === 'export_statement') return true;
      return /^(req|request)$/.test(names[0] ?? '') && /^(res|response|reply)$/.test(names[1] ?? '');
    case 'python':
      return names.slice(0, 2).some((n) => n === 'request' || n.startsWith('request:'));
    case 'go':
      return HANDLER_PARAM_TYPES.test(params?.text ?? '');
  }
}

export function enclosingHandler(source: SourceFile, node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (source.isFunction(p) && isHandler(source, p)) return p;
  return undefined;
}
