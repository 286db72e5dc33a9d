import type { Node } from 'web-tree-sitter';
import type { Candidate, Check } from '../check.ts';
import { isErrorName } from '../names.ts';
import { enclosingHandler } from '../routes.ts';
import { field, lastSegment, named, pathOf, stringValue, unwrap, type Call, type SourceFile } from '../syntax.ts';

/**
 * Stack traces and raw exception text in HTTP responses: they reveal file paths, library versions, SQL and internal
 * state. A stack trace is always reported; exception text is reported unless the response is explicitly a 4xx (where
 * a validation message is usually intended).
 */

const FIX = 'Log the error server-side with a correlation id and return a generic message (for APIs, an RFC 9457 problem+json body) carrying that id.';

type Leak = 'stack' | 'text';

export const errorDetailLeak: Check = (source) => {
  const found: Candidate[] = [];
  const report = (node: Node, leak: Leak, where: string) =>
    found.push({
      rule: 'error-detail-leak',
      at: [node],
      message: leak === 'stack' ? `A stack trace is sent to the client in ${where}.` : `Raw exception text is sent to the client in ${where}.`,
      fix: FIX,
    });
  for (const call of source.calls) {
    const response = responseOf(source, call);
    if (!response) continue;
    const leak = leakIn(source, response.payload);
    if (leak === 'stack' || (leak === 'text' && !isClientError(response.status))) report(call.node, leak, `${call.callee}()`);
  }
  if (source.family === 'python') {
    for (const node of source.ofType('return_statement')) {
      const value = named(node)[0];
      if (!value || !enclosingHandler(source, node)) continue;
      // A response object in the return value is checked as a call above.
      const returnsResponse = value.descendantsOfType('call').some((c) => {
        const inner = source.callAt(c);
        return inner !== undefined && responseOf(source, inner) !== undefined;
      });
      if (returnsResponse) continue;
      const parts = unwrap(value).type === 'tuple' ? named(unwrap(value)) : [value];
      const leak = leakIn(source, parts.slice(0, 1));
      if (leak === 'stack' || (leak === 'text' && !isClientError(parts[1]))) report(node, leak, 'the handler\'s return value');
    }
  }
  if (source.family === 'js') {
    for (const node of source.ofType('assignment_expression')) {
      const left = pathOf(field(node, 'left'));
      const right = field(node, 'right');
      if (!/^ctx\.(body|response\.body)$/.test(left) || !right) continue;
      const leak = leakIn(source, [right]);
      if (leak) report(node, leak, left);
    }
  }
  return found;
};

interface Response {
  payload: Node[];
  status: Node | undefined;
}

const JS_SEND = /^(json|send|end|write|jsonp)$/;
const JS_RESPONSE_ROOT = /^(res|resp|response|reply|ctx|context)\b/;
const PY_RESPONSES = /^((flask|web|fastapi|starlette\.responses|django\.http)\.)?(jsonify|JSONResponse|Response|make_response|HttpResponse|JsonResponse|HttpResponseServerError|HTTPException|abort|PlainTextResponse|HTMLResponse|json_response)$/;
const GO_RESPONSES = /^(c|ctx|context)\.(JSON|String|AbortWithStatusJSON|IndentedJSON|PureJSON|XML|YAML|Data)$/;

/** The payload and status of a call that writes an HTTP response, or undefined. */
function responseOf(source: SourceFile, call: Call): Response | undefined {
  switch (source.family) {
    case 'js': {
      if (!JS_SEND.test(call.name) || !(JS_RESPONSE_ROOT.test(call.callee) || /\.(status|code)\(\)\./.test(call.callee))) return undefined;
      return { payload: call.args, status: chainStatus(source, call) };
    }
    case 'python': {
      if (!PY_RESPONSES.test(call.callee)) return undefined;
      // `return jsonify(...), 400`: Flask takes the status from the tuple the response is returned in.
      const tuple = call.node.parent?.type === 'tuple' || call.node.parent?.type === 'expression_list' ? named(call.node.parent) : [];
      const fromTuple = tuple[0]?.id === call.node.id ? tuple[1] : undefined;
      const status = call.kwargs.get('status_code') ?? call.kwargs.get('status') ?? (/(abort|HTTPException)$/.test(call.callee) ? call.args[0] : fromTuple);
      const payload = [...call.args.filter((a) => a !== status), ...[...call.kwargs].filter(([k]) => !/^(status_code|status|headers|media_type)$/.test(k)).map(([, v]) => v)];
      return { payload, status };
    }
    case 'go': {
      if (call.callee === 'http.Error') return { payload: call.args.slice(1, 2), status: call.args[2] };
      if (GO_RESPONSES.test(call.callee)) return { payload: call.args.slice(1), status: call.args[0] };
      return undefined;
    }
  }
}

/** `res.status(400).json(...)`: the status set earlier in the same chain. */
function chainStatus(source: SourceFile, call: Call): Node | undefined {
  let receiver = call.receiver;
  for (let i = 0; receiver && i < 6; i++) {
    const inner = source.callAt(receiver);
    if (!inner) return undefined;
    if (/^(status|code)$/.test(inner.name)) return inner.args[0];
    receiver = inner.receiver;
  }
  return undefined;
}

/** Status given as 4xx (literal or a named constant such as http.StatusBadRequest / status.HTTP_404_NOT_FOUND). */
function isClientError(status: Node | undefined): boolean {
  if (!status) return false;
  const text = unwrap(status).text;
  return /^4\d\d$/.test(text) || /(Status(BadRequest|Unauthorized|Forbidden|NotFound|Conflict|UnprocessableEntity|Gone|TooManyRequests|MethodNotAllowed|NotAcceptable|PreconditionFailed|RequestEntityTooLarge|UnsupportedMediaType))$|HTTP_4\d\d/.test(text);
}

const STACK_CALLS = /^(traceback\.(format_exc|format_exception|format_tb|format_stack|extract_tb)|debug\.Stack|runtime\.Stack)$/;

function leakIn(source: SourceFile, nodes: Node[]): Leak | undefined {
  let leak: Leak | undefined;
  for (const node of nodes) {
    for (const n of [node, ...node.descendantsOfType(['member_expression', 'attribute', 'call', 'call_expression', 'template_substitution', 'interpolation', 'binary_operator'])]) {
      const kind = leakKind(source, n);
      if (kind === 'stack') return 'stack';
      leak ??= kind;
    }
  }
  return leak;
}

function leakKind(source: SourceFile, node: Node): Leak | undefined {
  const n = unwrap(node);
  switch (n.type) {
    case 'member_expression': {
      const object = unwrap(field(n, 'object') ?? n);
      const property = field(n, 'property')?.text;
      if (property === 'stack') return 'stack';
      return property === 'message' && object.type === 'identifier' && isErrorName(object.text) ? 'text' : undefined;
    }
    case 'attribute': {
      const object = field(n, 'object');
      return object?.type === 'identifier' && isErrorName(object.text) && /^(args|message|msg)$/.test(field(n, 'attribute')?.text ?? '') ? 'text' : undefined;
    }
    case 'call':
    case 'call_expression': {
      const call = source.callAt(n);
      if (!call) return undefined;
      if (STACK_CALLS.test(call.callee)) return 'stack';
      const arg = call.args[0] ? unwrap(call.args[0]) : undefined;
      if (/^(str|repr|String)$/.test(call.callee) && arg?.type === 'identifier' && isErrorName(arg.text)) return 'text';
      if (/^(toString|Error)$/.test(call.name) && call.receiver && isErrorName(lastSegment(pathOf(call.receiver)))) return 'text';
      if (/^fmt\.Sprint(f|ln)?$/.test(call.callee) && call.args.some((a) => unwrap(a).type === 'identifier' && isErrorName(unwrap(a).text))) return 'text';
      return undefined;
    }
    case 'template_substitution':
    case 'interpolation': {
      const expr = named(n)[0];
      return expr && unwrap(expr).type === 'identifier' && isErrorName(unwrap(expr).text) ? 'text' : undefined;
    }
    case 'binary_operator': {
      const right = field(n, 'right');
      return field(n, 'operator')?.type === '%' && stringValue(field(n, 'left')) !== undefined && right?.type === 'identifier' && isErrorName(right.text) ? 'text' : undefined;
    }
    default:
      return undefined;
  }
}
