import type { Node } from 'web-tree-sitter';
import type { Candidate, Check } from '../check.ts';
import { field, named, stringValue, unwrap, type Call, type SourceFile } from '../syntax.ts';

const PIN = 'Verify the signature with a known key and pin the algorithms you issue, e.g. jwt.decode(token, key, algorithms=["RS256"]) in PyJWT, jwt.verify(token, key, { algorithms: ["RS256"] }) in jsonwebtoken, jwt.Parse with a key function that checks token.Method in Go.';

/** Tokens read without signature verification, `none` accepted, or (PyJWT) no algorithm allow-list. */
export const jwtUnverified: Check = (source) => {
  const found: Candidate[] = [];
  const report = (node: Node, message: string) => found.push({ rule: 'jwt-unverified', at: [node], message, fix: PIN });
  for (const call of source.calls) {
    for (const none of noneAlgorithms(source, call)) report(none, `${call.callee}() accepts the "none" algorithm: anyone can forge a token.`);
    switch (source.family) {
      case 'python':
        if (/(^|\.)get_unverified_claims$/.test(call.callee)) report(call.node, `${call.callee}() returns claims without checking the signature.`);
        if (!isPyJwtDecode(source, call)) break;
        if (verificationDisabled(call)) report(call.node, `${call.callee}() is called with signature verification turned off: the claims are attacker-controlled.`);
        else if (!call.kwargs.has('algorithms')) report(call.node, `${call.callee}() without algorithms=[...] lets the token's own header choose the algorithm.`);
        break;
      case 'js':
        if (isJsDecode(source, call) && !callsVerify(source, call)) {
          report(call.node, `${call.callee}() only base64-decodes the token; it does not verify the signature, so its claims cannot be trusted for authentication.`);
        }
        break;
      case 'go':
        if (call.name === 'ParseUnverified') report(call.node, `${call.callee}() skips signature verification: the claims are attacker-controlled.`);
        break;
    }
  }
  return found;
};

function isPyJwtDecode(source: SourceFile, call: Call): boolean {
  return /^(jwt|pyjwt|jose\.jwt)\.decode$/.test(call.callee) || (call.callee === 'decode' && /from\s+jwt\s+import[^\n]*\bdecode\b/.test(source.text));
}

function verificationDisabled(call: Call): boolean {
  if (call.kwargs.get('verify')?.text === 'False') return true;
  const options = call.kwargs.get('options');
  return options !== undefined && /["']verify_signature["']\s*:\s*False/.test(options.text);
}

function isJsDecode(source: SourceFile, call: Call): boolean {
  if (/(^|\.)decodeJwt$/.test(call.callee) && source.text.includes('jose')) return true;
  if (!/jsonwebtoken/.test(source.text)) return false;
  return /^(jwt|jsonwebtoken|JWT|jsonWebToken)\.decode$/.test(call.callee) || (call.callee === 'decode' && /import\s*\{[^}]*\bdecode\b[^}]*\}\s*from\s*['"]jsonwebtoken['"]/.test(source.text));
}

/** decode() next to verify() in the same function is the usual "read the header to pick the key" step. */
function callsVerify(source: SourceFile, call: Call): boolean {
  const scope = source.scopeOf(call.node);
  return source.calls.some((other) => /(^|\.)(verify|jwtVerify)$/.test(other.callee) && source.scopeOf(other.node).id === scope.id);
}

/** `algorithms: ['none']` (JS options object), `algorithms=["none"]` (Python). */
function noneAlgorithms(source: SourceFile, call: Call): Node[] {
  const lists: Node[] = [];
  const py = call.kwargs.get('algorithms');
  if (py) lists.push(py);
  for (const arg of call.args) {
    const object = unwrap(arg);
    if (object.type !== 'object') continue;
    for (const pair of named(object)) {
      if (pair.type === 'pair' && /^['"]?algorithms['"]?$/.test(field(pair, 'key')?.text ?? '')) {
        const value = field(pair, 'value');
        if (value) lists.push(value);
      }
    }
  }
  if (source.family === 'go') return [];
  return lists.filter((list) => named(unwrap(list)).some((item) => (stringValue(item) ?? '').toLowerCase() === 'none'));
}
