import type { Node } from 'web-tree-sitter';
import type { Candidate, Check } from '../check.ts';
import { isPasswordName } from '../names.ts';
import { stringValue, unwrap, type Call, type SourceFile } from '../syntax.ts';

const FAST = /^(md5|sha1|sha224|sha256|sha384|sha512|sha3_256|sha3_512|sha-?1|sha-?256|sha-?512)$/i;
const MIN_BCRYPT_COST = 10;
const FIX = 'Hash passwords with Argon2id (or scrypt, or bcrypt with cost >= 10, or PBKDF2-HMAC-SHA256 with >= 600,000 iterations), which are slow and salted by design.';

/** Fast hashes applied to a password, and bcrypt below the cost OWASP gives as the minimum (10). */
export const weakPasswordHash: Check = (source) => source.calls.flatMap((call) => [...fastHash(source, call), ...bcryptCost(source, call)]);

function fastHash(source: SourceFile, call: Call): Candidate[] {
  let algorithm: string | undefined;
  let input: Node | undefined;
  switch (source.family) {
    case 'python': {
      const m = /^(?:hashlib\.)?(md5|sha1|sha224|sha256|sha384|sha512|sha3_256|sha3_512)$/.exec(call.callee);
      if (m && (call.callee.startsWith('hashlib.') || /from\s+hashlib\s+import/.test(source.text))) [algorithm, input] = [m[1], call.args[0]];
      else if (call.callee === 'hashlib.new' && FAST.test(stringValue(call.args[0]) ?? '')) [algorithm, input] = [stringValue(call.args[0]), call.args[1]];
      else if (call.name === 'update' && call.receiver) [algorithm, input] = [hashOfReceiver(source, call.receiver), call.args[0]];
      break;
    }
    case 'js': {
      if (call.name === 'update' && call.receiver) [algorithm, input] = [hashOfReceiver(source, call.receiver), call.args[0]];
      else if (/^(md5|sha1|sha256|sha512)$/.test(call.callee)) [algorithm, input] = [call.callee, call.args[0]];
      break;
    }
    case 'go': {
      const m = /^(md5|sha1|sha256|sha512)\.(Sum|Sum256|Sum224|Sum512|Sum384)$/.exec(call.callee);
      if (m) [algorithm, input] = [m[1], call.args[0]];
      else if (call.name === 'Write' && call.receiver) [algorithm, input] = [hashOfReceiver(source, call.receiver), call.args[0]];
      break;
    }
  }
  if (algorithm === undefined || !input || !mentionsPassword(input)) return [];
  return [{ rule: 'weak-password-hash', at: [call.node], message: `A password is hashed with ${algorithm.toUpperCase()}, a fast hash that GPUs test billions of times per second.`, fix: FIX }];
}

/** The algorithm of a hash object: createHash('sha256') in JS, hashlib.sha256() in Python, sha256.New() in Go, directly or through a variable. */
function hashOfReceiver(source: SourceFile, receiver: Node): string | undefined {
  let node = unwrap(receiver);
  if (node.type === 'identifier') {
    const assigned = source.assignmentsBefore(node.text, node).at(-1)?.value;
    if (!assigned) return undefined;
    node = unwrap(assigned);
  }
  const call = source.callAt(node);
  if (!call) return undefined;
  if (/createHash$/.test(call.callee)) {
    const algorithm = stringValue(call.args[0]);
    return algorithm !== undefined && FAST.test(algorithm) ? algorithm : undefined;
  }
  return /^(hashlib\.)?(md5|sha1|sha224|sha256|sha384|sha512)$|^(md5|sha1|sha256|sha512)\.New$/.exec(call.callee)?.[0].replace(/^hashlib\.|\.New$/g, '');
}

function mentionsPassword(node: Node): boolean {
  const names = [node, ...node.descendantsOfType(['identifier', 'property_identifier', 'field_identifier', 'shorthand_property_identifier'])];
  return names.some((n) => ['identifier', 'property_identifier', 'field_identifier', 'shorthand_property_identifier'].includes(n.type) && isPasswordName(n.text));
}

function bcryptCost(source: SourceFile, call: Call): Candidate[] {
  let cost: Node | undefined;
  if (source.family === 'python' && /(^|\.)gensalt$/.test(call.callee)) cost = call.kwargs.get('rounds') ?? call.args[0];
  else if (source.family === 'python' && /bcrypt/.test(call.callee) && /\.(using|hash)$/.test(call.callee)) cost = call.kwargs.get('rounds');
  else if (source.family === 'js' && /^(bcrypt|bcryptjs)\.(hash|hashSync|genSalt|genSaltSync)$/.test(call.callee)) cost = call.name.startsWith('genSalt') ? call.args[0] : call.args[1];
  else if (source.family === 'go' && call.callee === 'bcrypt.GenerateFromPassword') cost = call.args[1];
  const value = cost ? numberValue(source, cost) : undefined;
  if (value === undefined || value >= MIN_BCRYPT_COST) return [];
  return [{ rule: 'weak-password-hash', at: [cost ?? call.node, call.node], message: `bcrypt cost ${value} is below the minimum of ${MIN_BCRYPT_COST}: each step down halves the attacker's work.`, fix: FIX }];
}

/** A small integer written in place or in a constant of the same scope; Go's bcrypt.MinCost is 4. */
function numberValue(source: SourceFile, node: Node, depth = 0): number | undefined {
  const n = unwrap(node);
  if (/^\d+$/.test(n.text)) return Number(n.text);
  if (n.text === 'bcrypt.MinCost') return 4;
  if (n.type === 'identifier' && depth < 4) {
    const value = source.assignmentsBefore(n.text, n).at(-1)?.value;
    return value ? numberValue(source, value, depth + 1) : undefined;
  }
  return undefined;
}
