import type { Node } from 'web-tree-sitter';
import type { Candidate, Check } from '../check.ts';
import { isSensitiveName } from '../names.ts';
import { field, lastSegment, named, pathOf, stringValue, unwrap, type Call, type SourceFile } from '../syntax.ts';

/**
 * Passwords, tokens, secrets, Authorization headers and cookies written to logs. Only values count: a message that
 * merely mentions "password" is fine, and so are derived values such as `password.length` or `len(token)`.
 */

const FIX = 'Log an identifier instead (user id, token id or a short hash prefix), or mask the value; add the field to the logger\'s redaction list.';

const LOG_LEVELS = /^(log|info|warn|warning|error|debug|trace|fatal|verbose|silly|critical|exception|Print|Printf|Println|Fatal|Fatalf|Fatalln|Panic|Panicf|Info|Infof|Infow|Warn|Warnf|Warnw|Error|Errorf|Errorw|Debug|Debugf|Debugw|InfoContext|WarnContext|ErrorContext|DebugContext)$/;
const LOGGERS = /^(console|logger|log|logging|winston|pino|bunyan|slog|zap|logrus|sugar|l|lg|\w*[Ll]ogger|LOGGER|LOG|log\.\w+|fastify\.log|req\.log|request\.log|app\.log(ger)?|this\.log(ger)?|self\.log(ger)?)$/;

export const sensitiveLog: Check = (source) => {
  const found: Candidate[] = [];
  for (const call of source.calls) {
    if (!isLogCall(call)) continue;
    const leaked = call.args.flatMap((arg) => sensitiveValues(source, arg)).concat(keyValueLeaks(source, call));
    const first = leaked[0];
    if (first) {
      found.push({ rule: 'sensitive-log', at: [first.node, call.node], message: `${call.callee}() writes ${first.name} to the log.`, fix: FIX });
    }
  }
  return found;
};

function isLogCall(call: Call): boolean {
  if (call.callee === 'print' || /^fmt\.(Print|Printf|Println)$/.test(call.callee)) return true;
  const receiver = call.callee.slice(0, call.callee.length - call.name.length - 1);
  return LOG_LEVELS.test(call.name) && (LOGGERS.test(receiver) || LOGGERS.test(lastSegment(receiver)) || /WithFields?\(\)$/.test(receiver));
}

interface Leak {
  node: Node;
  name: string;
}

/** Sensitive values inside a logged expression, looking through string building but not into other calls. */
function sensitiveValues(source: SourceFile, node: Node, depth = 0): Leak[] {
  if (depth > 8) return [];
  const n = unwrap(node);
  switch (n.type) {
    case 'identifier':
    case 'member_expression':
    case 'attribute':
    case 'selector_expression': {
      const name = lastSegment(pathOf(n));
      return isSensitiveName(name) ? [{ node: n, name }] : [];
    }
    case 'subscript_expression':
    case 'subscript':
    case 'index_expression': {
      const key = stringValue(field(n, 'index') ?? field(n, 'subscript'));
      return key !== undefined && isSensitiveName(key) ? [{ node: n, name: key }] : [];
    }
    case 'call':
    case 'call_expression': {
      const call = source.callAt(n);
      if (!call) return [];
      // request.headers.get("Authorization"), r.Header.Get("Authorization"), req.get('authorization')
      const key = stringValue(call.args[0]);
      if (/^(get|Get|header|getHeader|GetHeader)$/.test(call.name) && key !== undefined && isSensitiveName(key)) return [{ node: n, name: key }];
      if (/^(str|repr|String|JSON\.stringify|fmt\.Sprint|fmt\.Sprintf|fmt\.Sprintln)$/.test(call.callee) || call.name === 'format' || call.name === 'toString') {
        return [...call.args, ...(call.receiver && call.name === 'toString' ? [call.receiver] : [])].flatMap((a) => sensitiveValues(source, a, depth + 1));
      }
      return [];
    }
    case 'object':
    case 'dictionary':
    case 'literal_value':
      return named(n).flatMap((pair) => {
        if (pair.type === 'shorthand_property_identifier') return isSensitiveName(pair.text) ? [{ node: pair, name: pair.text }] : [];
        const key = field(pair, 'key');
        const value = field(pair, 'value');
        if (!key || !value) return pair.type === 'literal_element' ? sensitiveValues(source, pair, depth + 1) : [];
        const keyNode = named(key)[0] && key.type === 'literal_element' ? (named(key)[0] as Node) : key;
        const valueNode = named(value)[0] && value.type === 'literal_element' ? (named(value)[0] as Node) : value;
        const name = stringValue(keyNode) ?? keyNode.text;
        if (isSensitiveName(name) && stringValue(valueNode) === undefined) return [{ node: valueNode, name }];
        return sensitiveValues(source, valueNode, depth + 1);
      });
    case 'composite_literal':
      return sensitiveValues(source, field(n, 'body') ?? n.namedChildren[0] ?? n, depth + 1);
    case 'template_string':
    case 'string':
      return n.namedChildren
        .filter((c) => c.type === 'template_substitution' || c.type === 'interpolation')
        .flatMap((c) => {
          const expr = field(c, 'expression') ?? named(c)[0];
          return expr ? sensitiveValues(source, expr, depth + 1) : [];
        });
    case 'binary_expression':
    case 'binary_operator':
    case 'concatenated_string':
    case 'tuple':
    case 'list':
    case 'array':
    case 'expression_list':
    case 'spread_element':
    case 'literal_element':
      return named(n).flatMap((c) => sensitiveValues(source, c, depth + 1));
    default:
      return [];
  }
}

/** Structured logging pairs: slog "password", pw; zap.String("token", t); logrus WithField("secret", s); log.info("x", extra={"token": t}). */
function keyValueLeaks(source: SourceFile, call: Call): Leak[] {
  const leaks: Leak[] = [];
  const args = call.args;
  args.forEach((arg, i) => {
    const key = stringValue(arg);
    const next = args[i + 1];
    if (key !== undefined && i > 0 && next && /^[A-Za-z_][\w.-]*$/.test(key) && isSensitiveName(key) && stringValue(next) === undefined) leaks.push({ node: next, name: key });
    const inner = source.callAt(arg);
    const innerKey = stringValue(inner?.args[0]);
    if (inner && /^(zap|slog)\.\w+$/.test(inner.callee) && innerKey !== undefined && isSensitiveName(innerKey) && inner.args[1]) leaks.push({ node: inner.args[1], name: innerKey });
  });
  for (let receiver = call.receiver; receiver; ) {
    const chained = source.callAt(receiver);
    if (!chained) break;
    if (chained.name === 'WithField' && isSensitiveName(stringValue(chained.args[0]) ?? '') && chained.args[1]) leaks.push({ node: chained.args[1], name: stringValue(chained.args[0]) ?? '' });
    if (chained.name === 'WithFields' && chained.args[0]) leaks.push(...sensitiveValues(source, chained.args[0]));
    receiver = chained.receiver;
  }
  for (const [, value] of call.kwargs) leaks.push(...sensitiveValues(source, value));
  return leaks;
}
