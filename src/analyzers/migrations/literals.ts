import type { Node } from 'web-tree-sitter';
import { type SourceFile, field, named, pathOf, unwrap } from '../code/syntax.ts';

/**
 * Constant strings of the host file with, for every character, where it came from: SQL passed to knex.raw,
 * op.execute or RunSQL is linted as SQL, and its findings are moved back onto the host file's lines.
 */
export interface HostString {
  text: string;
  /** origin[i] is the host index of text[i]; origin[text.length] is the end of the literal's content. */
  origin: number[];
}

const MAX_DEPTH = 20;

/** Calls whose result is (a reformatting of) their first argument: sa.text(), textwrap.dedent(). */
const PASS_THROUGH = /^(?:(?:sa|sqlalchemy|sql|expression)\.)?text$|^(?:textwrap\.)?dedent$/;
/** Methods that only trim whitespace: `"""...""".strip()`. */
const TRIM_METHODS = new Set(['strip', 'lstrip', 'rstrip', 'trim', 'trimStart', 'trimEnd']);

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0', a: '\u0007' };

function fromCodePoint(hex: string): string {
  const code = Number.parseInt(hex, 16);
  return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
}

/** The characters an escape sequence stands for, in JavaScript or Python. */
function decodeEscape(raw: string, python: boolean): string {
  if (raw === '{{' || raw === '}}') return raw[0] ?? '';
  const body = raw.slice(1);
  const first = body[0] ?? '';
  if (first === '\n' || first === '\r') return '';
  if (/^[0-7]{1,3}$/.test(body) && (python || body !== '0')) return String.fromCharCode(Number.parseInt(body, 8));
  if (first in SIMPLE_ESCAPES && body.length === 1 && (python || first !== 'a')) return SIMPLE_ESCAPES[first] ?? '';
  if (/^x[0-9a-fA-F]{2}$/.test(body)) return fromCodePoint(body.slice(1));
  if (/^u[0-9a-fA-F]{4}$/.test(body) || (python && /^U[0-9a-fA-F]{8}$/.test(body))) return fromCodePoint(body.slice(1));
  if (!python && /^u\{[0-9a-fA-F]+\}$/.test(body)) return fromCodePoint(body.slice(2, -1));
  if (python && first === 'N') return '?';
  // Python keeps the backslash of an unknown escape; JavaScript drops it.
  return python && !['\\', "'", '"'].includes(first) ? raw : body;
}

function build(source: SourceFile, start: number, end: number, escapes: Node[], python: boolean): HostString {
  const text: string[] = [];
  const origin: number[] = [];
  let at = start;
  const copy = (to: number) => {
    for (; at < to; at++) {
      text.push(source.text[at] ?? '');
      origin.push(at);
    }
  };
  for (const escape of escapes) {
    if (escape.startIndex < at || escape.endIndex > end) continue;
    copy(escape.startIndex);
    for (const ch of decodeEscape(escape.text, python)) {
      text.push(ch);
      origin.push(escape.startIndex);
    }
    at = escape.endIndex;
  }
  copy(end);
  origin.push(end);
  return { text: text.join(''), origin };
}

function concat(parts: HostString[]): HostString {
  const last = parts.at(-1);
  return {
    text: parts.map((p) => p.text).join(''),
    origin: [...parts.flatMap((p) => p.origin.slice(0, -1)), last?.origin.at(-1) ?? 0],
  };
}

function literal(source: SourceFile, n: Node): HostString | undefined {
  const escapesOf = (node: Node) => node.descendantsOfType(['escape_sequence', 'escape_interpolation']).sort((a, b) => a.startIndex - b.startIndex);
  if (n.type === 'template_string' || (n.type === 'string' && source.family === 'js')) {
    if (n.namedChildren.some((c) => c.type === 'template_substitution')) return undefined;
    const open = n.child(0);
    const close = n.child(n.childCount - 1);
    if (!open || !close || close.startIndex < open.endIndex) return undefined;
    return build(source, open.endIndex, close.startIndex, escapesOf(n), false);
  }
  if (n.type === 'string' && source.family === 'python') {
    if (n.namedChildren.some((c) => c.type === 'interpolation')) return undefined;
    const open = n.namedChildren.find((c) => c.type === 'string_start');
    const close = n.namedChildren.find((c) => c.type === 'string_end');
    if (!open || !close) return undefined;
    const raw = /r/i.test(open.text.replace(/["']/g, ''));
    return build(source, open.endIndex, close.startIndex, raw ? [] : escapesOf(n), true);
  }
  return undefined;
}

/** The constant string an expression evaluates to, with host positions; undefined when it is built at run time. */
export function hostString(source: SourceFile, node: Node | null | undefined, depth = 0): HostString | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case 'string':
    case 'template_string':
      return literal(source, n);
    case 'concatenated_string': {
      const parts = named(n).map((c) => hostString(source, c, depth + 1));
      return parts.every((p) => p !== undefined) ? concat(parts) : undefined;
    }
    case 'binary_expression':
    case 'binary_operator': {
      if (field(n, 'operator')?.type !== '+') return undefined;
      const left = hostString(source, field(n, 'left'), depth + 1);
      const right = hostString(source, field(n, 'right'), depth + 1);
      return left && right ? concat([left, right]) : undefined;
    }
    case 'identifier': {
      // A constant named once before its use: `const sql = '...'; await knex.raw(sql)`.
      const assignments = source.assignmentsBefore(n.text, n);
      const only = assignments.length === 1 ? assignments[0] : undefined;
      return only && !only.augmented ? hostString(source, only.value, depth + 1) : undefined;
    }
    case 'call':
    case 'call_expression': {
      const call = source.callAt(n);
      if (!call) return undefined;
      if (PASS_THROUGH.test(call.callee)) return hostString(source, call.args[0] ?? call.template, depth + 1);
      if (TRIM_METHODS.has(call.name) && call.args.length === 0) return hostString(source, call.receiver, depth + 1);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A plain constant string (table and column names), without positions. */
export function constantString(source: SourceFile, node: Node | null | undefined): string | undefined {
  return hostString(source, node)?.text;
}

/** The dotted name of a callee or attribute without call markers: `sa.Column()` -> `sa.Column`. */
export function dottedName(node: Node | null | undefined): string {
  return pathOf(node ?? null).replace(/\(\)/g, '');
}
