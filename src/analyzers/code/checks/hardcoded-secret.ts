import type { Node } from 'web-tree-sitter';
import type { Candidate, Check, LinePoint } from '../check.ts';
import { isSecretName } from '../names.ts';
import { field, lastSegment, named, pathOf, stringValue, type SourceFile } from '../syntax.ts';

/**
 * Credentials written into code. Two detectors: token formats that are secrets wherever they appear (AWS access key
 * ids, private key blocks, GitHub/Slack/Stripe tokens, passwords inside connection URLs), and a string literal
 * assigned to a credential-named variable, key or argument when the literal looks random enough to be real. A value
 * read from the environment or a secret manager is a call, not a literal, and is never reported.
 */

const TOKEN_FORMATS: { name: string; pattern: RegExp }[] = [
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { name: 'a private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/g },
  { name: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/g },
  { name: 'a Slack token', pattern: /\bxox[abposre]-[0-9A-Za-z-]{10,}|\bxapp-\d-[0-9A-Za-z-]{10,}|https:\/\/hooks\.slack\.com\/services\/T[0-9A-Z]+\/B[0-9A-Z]+\/[0-9A-Za-z]+/g },
  { name: 'a Stripe key', pattern: /\b(?:sk|rk)_(?:live|test)_[0-9a-zA-Z]{16,}\b/g },
  { name: 'a password in a connection URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"`]+:([^\s@/'"`]{4,})@[^\s'"`]+/gi },
];

/** Documentation examples, template placeholders, and keys that are public by design (Stripe publishable keys). */
const PLACEHOLDER = /example|sample|placeholder|dummy|changeme|change[-_]me|your[-_]|redacted|xxxx|\*\*\*|<[^>]*>|\$\{|\{\{|%\(|^\$[A-Z_]+$|^\$\d|^pk_(live|test)_/i;

/** Token-format matches in any text, line by line (also used for non-code files of a diff). */
export function secretTokenPoints(text: string): (LinePoint & { name: string })[] {
  const points: (LinePoint & { name: string })[] = [];
  text.split('\n').forEach((lineText, index) => {
    if (lineText.length > 4000) return;
    for (const { name, pattern } of TOKEN_FORMATS) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(lineText); m; m = pattern.exec(lineText)) {
        const secretPart = m[1] ?? m[0];
        if (PLACEHOLDER.test(secretPart) || (name.includes('URL') && !looksRandom(secretPart, 4))) continue;
        points.push({ line: index + 1, column: m.index + 1, name });
      }
    }
  });
  return points;
}

/** Evidence for a secret finding must not repeat the secret: keep the first characters of quoted values and tokens. */
export function redactSecrets(line: string): string {
  let redacted = line.replace(/(["'`])([^"'`]{0,4})[^"'`]*\1/g, (_m, quote: string, head: string) => `${quote}${head}****${quote}`);
  for (const { pattern } of TOKEN_FORMATS) redacted = redacted.replace(pattern, (m) => `${m.slice(0, 4)}****`);
  return redacted;
}

const CONFIG_FILE = /(^|\/)\.env(\.[\w.-]+)?$|\.(env|ya?ml|json|toml|ini|properties|conf|cfg|tfvars|tf)$/i;
const CONFIG_ENTRY = /^\s*(?:export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?([^"'\s#,]+)["']?\s*,?\s*(?:#.*)?$/;

/** `DB_PASSWORD=...`, `password: ...`, `"apiKey": "..."` in configuration files (.env, YAML, JSON, TOML, INI, Terraform). */
export function configSecretPoints(text: string, file: string): LinePoint[] {
  if (!CONFIG_FILE.test(file)) return [];
  return text.split('\n').flatMap((lineText, index) => {
    const m = lineText.length <= 4000 ? CONFIG_ENTRY.exec(lineText) : null;
    const [name, value] = [m?.[1] ?? '', m?.[2] ?? ''];
    return m && isSecretName(name) && looksRandom(value, 8) && !PLACEHOLDER.test(value) ? [{ line: index + 1, column: (m.index ?? 0) + 1 }] : [];
  });
}

export const hardcodedSecret: Check = (source) => {
  const candidates: Candidate[] = secretTokenPoints(source.text).map((point) => ({
    rule: 'hardcoded-secret',
    at: [point],
    message: `The code contains ${point.name}.`,
    fix: 'Revoke and rotate the credential, then read it at run time from the environment or a secret manager.',
  }));
  for (const { name, nameNode, value } of namedLiterals(source)) {
    const literal = stringValue(value);
    if (literal === undefined || !isSecretName(name) || !looksRandom(literal, 8) || PLACEHOLDER.test(literal)) continue;
    candidates.push({
      rule: 'hardcoded-secret',
      at: [value, nameNode],
      message: `${name} is set to a literal that looks like a real credential.`,
      fix: 'Read the value at run time (environment variable or secret manager), rotate the exposed one, and keep only a placeholder in code.',
    });
  }
  return candidates;
};

interface NamedValue {
  name: string;
  nameNode: Node;
  value: Node;
}

/** Name/value pairs where a literal can be given a credential's name: variables, fields, object keys, keyword arguments. */
function namedLiterals(source: SourceFile): NamedValue[] {
  const pairs: NamedValue[] = [];
  const push = (nameNode: Node | null | undefined, value: Node | null | undefined) => {
    if (!nameNode || !value) return;
    const name = stringValue(nameNode) ?? lastSegment(pathOf(nameNode));
    if (name !== '?' && name !== '') pairs.push({ name, nameNode, value });
  };
  switch (source.family) {
    case 'js':
      for (const node of source.ofType('variable_declarator', 'public_field_definition', 'assignment_expression', 'pair')) {
        if (node.type === 'assignment_expression') push(field(node, 'left'), field(node, 'right'));
        else if (node.type === 'pair') push(field(node, 'key'), field(node, 'value'));
        else push(field(node, 'name'), field(node, 'value'));
      }
      break;
    case 'python':
      for (const node of source.ofType('assignment', 'keyword_argument', 'pair', 'default_parameter', 'typed_default_parameter')) {
        if (node.type === 'assignment') push(field(node, 'left'), field(node, 'right'));
        else if (node.type === 'pair') push(field(node, 'key'), field(node, 'value'));
        else push(field(node, 'name'), field(node, 'value'));
      }
      break;
    case 'go':
      for (const node of source.ofType('const_spec', 'var_spec', 'short_var_declaration', 'assignment_statement', 'keyed_element')) {
        if (node.type === 'keyed_element') {
          push(named(field(node, 'key'))[0] ?? field(node, 'key'), named(field(node, 'value'))[0] ?? field(node, 'value'));
        } else if (node.type === 'const_spec' || node.type === 'var_spec') {
          const values = named(field(node, 'value'));
          node.childrenForFieldName('name').forEach((n, i) => push(n, values[i]));
        } else {
          const values = named(field(node, 'right'));
          named(field(node, 'left')).forEach((n, i) => push(n, values[i]));
        }
      }
      break;
  }
  return pairs;
}

/** Long enough, no spaces, not an identifier-like word, and either varied characters or a mix of character classes. */
export function looksRandom(value: string, minLength: number): boolean {
  if (value.length < minLength || value.length > 500 || /\s/.test(value)) return false;
  if (/^[a-z]+([_.-][a-z]+)*$/.test(value) || /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(value)) return false;
  if (/^(https?:\/\/|\/|\.\/)/.test(value) && !/:[^/@]+@/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  return entropy(value) >= 3 || classes >= 3;
}

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
