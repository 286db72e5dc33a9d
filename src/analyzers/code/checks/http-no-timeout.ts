import type { Node } from 'web-tree-sitter';
import type { Candidate, Check } from '../check.ts';
import { field, named, pathOf, unwrap, type SourceFile } from '../syntax.ts';

/**
 * Outgoing HTTP calls that can wait forever: Python requests has no default timeout, urllib waits on the global socket
 * default (none), httpx only when timeout=None is passed (its default is 5 s); Go's http.Get/Post and
 * http.DefaultClient, and any http.Client without Timeout, never time out.
 */

const PY_FIX = 'Pass timeout= (e.g. timeout=(3.05, 30) for connect/read) on every call, or set it once on a client or session wrapper.';
const GO_FIX = 'Use a client with a deadline, e.g. &http.Client{Timeout: 10 * time.Second}, or a request context with a deadline (http.NewRequestWithContext).';

const REQUESTS = /^requests\.(get|post|put|patch|delete|head|options|request)$/;
const SESSION_METHODS = /^(get|post|put|patch|delete|head|options|request)$/;
const HTTPX = /^httpx\.(get|post|put|patch|delete|head|options|request|stream|Client|AsyncClient)$/;

export const httpNoTimeout: Check = (source) => (source.family === 'python' ? python(source) : source.family === 'go' ? go(source) : []);

function python(source: SourceFile): Candidate[] {
  const found: Candidate[] = [];
  const sessions = new Set<string>();
  for (const node of source.ofType('assignment')) {
    const value = field(node, 'right');
    if (value && /^requests\.(Session|session)$/.test(source.callAt(value)?.callee ?? '')) sessions.add(field(node, 'left')?.text ?? '');
  }
  for (const node of source.ofType('with_item')) {
    const m = /^requests\.(Session|session)\(\)\s+as\s+(\w+)$/.exec(node.text);
    if (m?.[2]) sessions.add(m[2]);
  }
  for (const call of source.calls) {
    const timeout = call.kwargs.get('timeout');
    const receiver = pathOf(call.receiver);
    const isRequests = REQUESTS.test(call.callee) || (SESSION_METHODS.test(call.name) && sessions.has(receiver));
    if (isRequests && (!timeout || timeout.text === 'None')) {
      found.push({ rule: 'http-no-timeout', at: [call.node], message: `${call.callee}() has no timeout: requests waits forever on a server that stops answering.`, fix: PY_FIX });
    } else if (HTTPX.test(call.callee) && timeout?.text === 'None') {
      found.push({ rule: 'http-no-timeout', at: [call.node], message: `${call.callee}(timeout=None) turns off httpx's default timeout.`, fix: PY_FIX });
    } else if (/^(urllib\.request\.)?urlopen$/.test(call.callee) && !timeout && call.args.length < 3 && (call.callee.includes('.') || /from\s+urllib\.request\s+import/.test(source.text))) {
      found.push({ rule: 'http-no-timeout', at: [call.node], message: `${call.callee}() without timeout waits on the global socket default, which is no timeout.`, fix: PY_FIX });
    }
  }
  return found;
}

function go(source: SourceFile): Candidate[] {
  const found: Candidate[] = [];
  for (const call of source.calls) {
    if (/^http\.(Get|Post|PostForm|Head)$/.test(call.callee) || /^http\.DefaultClient\.(Do|Get|Post|PostForm|Head)$/.test(call.callee)) {
      found.push({ rule: 'http-no-timeout', at: [call.node], message: `${call.callee}() uses http.DefaultClient, which has no timeout.`, fix: GO_FIX });
    }
  }
  for (const literal of source.ofType('composite_literal')) {
    if (unwrap(field(literal, 'type') ?? literal).text !== 'http.Client') continue;
    const keys = named(field(literal, 'body')).map((element: Node) => (named(field(element, 'key'))[0] ?? field(element, 'key'))?.text);
    if (!keys.includes('Timeout')) {
      found.push({ rule: 'http-no-timeout', at: [literal], message: 'http.Client is created without Timeout: a zero Timeout means requests never time out.', fix: GO_FIX });
    }
  }
  return found;
}
