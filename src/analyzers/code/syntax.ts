import type { Node } from 'web-tree-sitter';
import type { CodeLanguage } from './grammars.ts';

/**
 * A small language-neutral view over tree-sitter trees for JavaScript/TypeScript, Python and Go: calls with their
 * arguments, string building (templates, f-strings, concatenation, `%`, `.format`, `fmt.Sprintf`) and the assignments
 * a variable comes from inside its function. The rules ask these questions instead of matching text.
 */

export type Family = 'js' | 'python' | 'go';

function familyOf(language: CodeLanguage): Family {
  return language === 'python' ? 'python' : language === 'go' ? 'go' : 'js';
}

const FUNCTION_TYPES: Record<Family, readonly string[]> = {
  js: ['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function'],
  python: ['function_definition', 'lambda'],
  go: ['function_declaration', 'method_declaration', 'func_literal'],
};

const CALL_TYPE: Record<Family, string> = { js: 'call_expression', python: 'call', go: 'call_expression' };

const ASSIGNMENT_TYPES: Record<Family, readonly string[]> = {
  js: ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression', 'public_field_definition'],
  python: ['assignment', 'augmented_assignment'],
  go: ['short_var_declaration', 'assignment_statement', 'var_spec', 'const_spec'],
};

/** Statement lists: an assignment directly in one of these runs whenever later statements of the same list do. */
const BLOCK_TYPES = new Set(['block', 'statement_block', 'statement_list', 'program', 'module', 'source_file', 'class_body']);

const LITERAL_TYPES = new Set([
  'number', 'integer', 'float', 'int_literal', 'float_literal', 'imaginary_literal', 'rune_literal',
  'true', 'false', 'null', 'none', 'nil', 'undefined', 'iota',
]);

export interface Call {
  node: Node;
  /** Dotted callee with `()` for calls in a chain: `res.status().json`, `cursor.execute`, `fmt.Sprintf`. */
  callee: string;
  /** The last segment of the callee: `json`, `execute`, `Sprintf`. */
  name: string;
  /** The object the method is called on, if any. */
  receiver: Node | null;
  /** Positional arguments (Python keyword arguments are in `kwargs`). */
  args: Node[];
  kwargs: Map<string, Node>;
  /** The template of a JS tagged template call (sql`...`), which the tag receives as separate values. */
  template: Node | null;
}

export interface Assignment {
  node: Node;
  value: Node;
  /** `x += ...`: the value is appended to what the variable held before. */
  augmented: boolean;
}

/** What a string-valued expression is made of. */
export interface StringInfo {
  /** The literal text, with every interpolated part shown as `{}`. */
  text: string;
  /** Some interpolated part is not a constant: the string is built from run-time values. */
  dynamic: boolean;
  /** Assignments the value flowed through, innermost last (where a finding can also be reported). */
  via: Node[];
}

const MAX_DEPTH = 12;
/** Recursion bound for string analysis (deeply nested concatenations); results are memoized per node. */
const MAX_STRING_DEPTH = 200;
/** Literal text kept per described string: enough to recognise SQL, bounded for pathological `q += ...` chains. */
const MAX_TEXT = 8_000;
/** Assignments remembered per string (where a finding can be shown): the most recent few are enough. */
const MAX_VIA = 8;

/** Concatenates `via` lists, keeping the most recent unique nodes. */
function joinVia(...lists: Node[][]): Node[] {
  const seen = new Set<number>();
  const kept: Node[] = [];
  for (const node of lists.flat().reverse()) {
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    kept.push(node);
    if (kept.length === MAX_VIA) break;
  }
  return kept.reverse();
}

function joinText(parts: string[], separator: string): string {
  let text = '';
  for (const part of parts) {
    if (text.length >= MAX_TEXT) break;
    text += (text === '' ? '' : separator) + part;
  }
  return text.slice(0, MAX_TEXT);
}

export function field(node: Node | null | undefined, name: string): Node | null {
  return node ? node.childForFieldName(name) : null;
}

export function named(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren.filter((child) => child.type !== 'comment') : [];
}

/** Looks through parentheses and TypeScript-only wrappers (`x as T`, `x!`, `await x`). */
export function unwrap(node: Node): Node {
  let current = node;
  for (let i = 0; i < MAX_DEPTH; i++) {
    if (['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'await_expression', 'await', 'type_assertion'].includes(current.type)) {
      const inner = named(current)[0];
      if (!inner) return current;
      current = inner;
    } else break;
  }
  return current;
}

/** Dotted path of an expression: identifiers and member accesses, `()` for calls, `[]` for subscripts, `?` otherwise. */
export function pathOf(node: Node | null, depth = 0): string {
  if (!node || depth > MAX_DEPTH) return '?';
  const n = unwrap(node);
  switch (n.type) {
    case 'identifier':
    case 'property_identifier':
    case 'field_identifier':
    case 'package_identifier':
    case 'type_identifier':
    case 'shorthand_property_identifier':
    case 'this':
    case 'super':
      return n.text;
    case 'member_expression':
      return `${pathOf(field(n, 'object'), depth + 1)}.${field(n, 'property')?.text ?? '?'}`;
    case 'attribute':
      return `${pathOf(field(n, 'object'), depth + 1)}.${field(n, 'attribute')?.text ?? '?'}`;
    case 'selector_expression':
      return `${pathOf(field(n, 'operand'), depth + 1)}.${field(n, 'field')?.text ?? '?'}`;
    case 'call_expression':
    case 'call':
      return `${pathOf(field(n, 'function'), depth + 1)}()`;
    case 'subscript_expression':
    case 'subscript':
    case 'index_expression':
      return `${pathOf(field(n, 'object') ?? field(n, 'value') ?? field(n, 'operand'), depth + 1)}[]`;
    default:
      return '?';
  }
}

/** The value of a string literal without interpolation, else undefined. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case 'string':
      if (n.namedChildren.some((c) => c.type === 'interpolation')) return undefined;
      return n.namedChildren
        .filter((c) => c.type === 'string_fragment' || c.type === 'string_content' || c.type === 'escape_sequence')
        .map((c) => c.text)
        .join('');
    case 'template_string':
      if (n.namedChildren.some((c) => c.type === 'template_substitution')) return undefined;
      return n.namedChildren.filter((c) => c.type === 'string_fragment' || c.type === 'escape_sequence').map((c) => c.text).join('');
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return n.namedChildren.map((c) => c.text).join('');
    case 'concatenated_string': {
      const parts = named(n).map((c) => stringValue(c));
      return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
    }
    default:
      return undefined;
  }
}

function isStringLiteral(node: Node | null | undefined): boolean {
  return stringValue(node) !== undefined;
}

/** The last segment of an identifier-like expression's path: `req.headers.authorization` -> `authorization`. */
export function lastSegment(path: string): string {
  const trimmed = path.replace(/(\(\)|\[\])+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('.') + 1);
}

/** The parsed file plus lazily built indexes; one per analysis. */
export class SourceFile {
  readonly family: Family;
  private readonly typeCache = new Map<string, Node[]>();
  private callList: Call[] | undefined;
  private assignmentIndex: Map<number, Map<string, Assignment[]>> | undefined;
  private readonly described = new Map<number, StringInfo | null>();
  private readonly constants = new Map<number, boolean>();
  private readonly memos = new Map<string, unknown>();

  constructor(
    readonly root: Node,
    readonly text: string,
    readonly language: CodeLanguage,
  ) {
    this.family = familyOf(language);
  }

  /** A value computed once per file by a rule helper (routes, router-wide auth). */
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }

  ofType(...types: string[]): Node[] {
    const key = types.join(',');
    let found = this.typeCache.get(key);
    if (!found) {
      found = this.root.descendantsOfType(types);
      this.typeCache.set(key, found);
    }
    return found;
  }

  get calls(): Call[] {
    this.callList ??= this.ofType(CALL_TYPE[this.family]).map((node) => this.toCall(node));
    return this.callList;
  }

  callAt(node: Node): Call | undefined {
    const n = unwrap(node);
    return n.type === CALL_TYPE[this.family] ? this.toCall(n) : undefined;
  }

  isCall(node: Node | null | undefined): boolean {
    return node !== null && node !== undefined && unwrap(node).type === CALL_TYPE[this.family];
  }

  private toCall(node: Node): Call {
    const fn = field(node, 'function');
    const argsNode = field(node, 'arguments');
    const callee = pathOf(fn);
    const fnInner = fn ? unwrap(fn) : null;
    const receiver = fnInner ? field(fnInner, 'object') ?? field(fnInner, 'operand') : null;
    const args: Node[] = [];
    const kwargs = new Map<string, Node>();
    let template: Node | null = null;
    if (argsNode?.type === 'template_string') template = argsNode;
    else {
      for (const arg of named(argsNode)) {
        if (arg.type === 'keyword_argument') {
          const name = field(arg, 'name')?.text;
          const value = field(arg, 'value');
          if (name !== undefined && value) kwargs.set(name, value);
        } else args.push(arg);
      }
    }
    return { node, callee, name: lastSegment(callee), receiver, args, kwargs, template };
  }

  isFunction(node: Node): boolean {
    return FUNCTION_TYPES[this.family].includes(node.type);
  }

  /** The innermost function around the node, or the file's root. */
  scopeOf(node: Node): Node {
    for (let p = node.parent; p; p = p.parent) if (this.isFunction(p)) return p;
    return this.root;
  }

  /** Ancestors from the parent outwards, stopping at (and including) the enclosing function. */
  *ancestorsInFunction(node: Node): Generator<Node> {
    for (let p = node.parent; p; p = p.parent) {
      yield p;
      if (this.isFunction(p)) return;
    }
  }

  /**
   * The assignments to `name` that can reach `at`: walking back from `at`, every assignment up to and including the
   * last plain one whose block also holds `at` (earlier ones are overwritten; ones inside a branch may not run).
   * Looks in the innermost scope first, then outwards (closures see outer variables).
   */
  assignmentsBefore(name: string, at: Node): Assignment[] {
    const index = this.assignments();
    for (let scope: Node | null = this.scopeOf(at); scope; scope = scope.id === this.root.id ? null : this.scopeOf(scope)) {
      const list = index.get(scope.id)?.get(name);
      if (!list) continue;
      const reaching: Assignment[] = [];
      for (let i = list.length - 1; i >= 0; i--) {
        const assignment = list[i];
        if (!assignment || assignment.node.endIndex > at.startIndex) continue;
        reaching.push(assignment);
        if (!assignment.augmented && this.blockOf(assignment.node).endIndex >= at.endIndex) break;
      }
      if (reaching.length > 0) return reaching.reverse();
    }
    return [];
  }

  /** Every assignment to `name` anywhere in the file (a handler may be defined after the route that names it). */
  assignmentsAnywhere(name: string): Assignment[] {
    return [...this.assignments().values()].flatMap((byName) => byName.get(name) ?? []);
  }

  private blockOf(node: Node): Node {
    for (let p = node.parent; p; p = p.parent) if (BLOCK_TYPES.has(p.type)) return p;
    return this.root;
  }

  private assignments(): Map<number, Map<string, Assignment[]>> {
    if (this.assignmentIndex) return this.assignmentIndex;
    const index = new Map<number, Map<string, Assignment[]>>();
    const add = (node: Node, name: string, value: Node | null, augmented: boolean) => {
      if (!value) return;
      const scope = this.scopeOf(node);
      let byName = index.get(scope.id);
      if (!byName) index.set(scope.id, (byName = new Map()));
      const list = byName.get(name) ?? [];
      list.push({ node, value, augmented });
      byName.set(name, list);
    };
    for (const node of this.ofType(...ASSIGNMENT_TYPES[this.family])) {
      switch (node.type) {
        case 'variable_declarator':
        case 'public_field_definition': {
          const name = field(node, 'name');
          if (name && (name.type === 'identifier' || name.type === 'property_identifier')) add(node, name.text, field(node, 'value'), false);
          break;
        }
        case 'assignment_expression':
        case 'assignment':
        case 'augmented_assignment_expression':
        case 'augmented_assignment': {
          const left = field(node, 'left');
          if (left?.type === 'identifier') add(node, left.text, field(node, 'right'), node.type.startsWith('augmented'));
          break;
        }
        case 'short_var_declaration':
        case 'assignment_statement': {
          const lefts = named(field(node, 'left'));
          const rights = named(field(node, 'right'));
          const augmented = field(node, 'operator')?.text === '+=';
          lefts.forEach((left, i) => {
            if (left.type === 'identifier') add(node, left.text, rights[i] ?? null, augmented);
          });
          break;
        }
        case 'var_spec':
        case 'const_spec': {
          const names = node.childrenForFieldName('name');
          const values = named(field(node, 'value'));
          names.forEach((name, i) => add(node, name.text, values[i] ?? null, false));
          break;
        }
      }
    }
    this.assignmentIndex = index;
    return index;
  }

  /** Describes a string-valued expression; null when the expression is not recognisably a string. */
  describe(node: Node | null | undefined, depth = 0): StringInfo | null {
    if (!node || depth > MAX_STRING_DEPTH) return null;
    const n = unwrap(node);
    const cached = this.described.get(n.id);
    if (cached !== undefined) return cached;
    // Marked before recursing so a cycle (a variable defined through itself) ends as "not a string".
    this.described.set(n.id, null);
    const info = this.describeUncached(n, depth);
    this.described.set(n.id, info);
    return info;
  }

  private describeUncached(n: Node, depth: number): StringInfo | null {
    const literal = stringValue(n);
    if (literal !== undefined) return { text: literal, dynamic: false, via: [] };
    switch (n.type) {
      case 'template_string': {
        // A template that is the argument of a tag is handed to the tag in pieces: not a string built here.
        if (n.parent?.type === 'call_expression' && field(n.parent, 'arguments')?.id === n.id) return null;
        let text = '';
        let dynamic = false;
        for (const child of n.namedChildren) {
          if (child.type === 'template_substitution') {
            text += '{}';
            const expr = named(child)[0];
            if (expr && !this.isConstant(expr, depth + 1)) dynamic = true;
          } else text += child.text;
        }
        return { text, dynamic, via: [] };
      }
      case 'string': {
        // Python f-string.
        let text = '';
        let dynamic = false;
        for (const child of n.namedChildren) {
          if (child.type === 'interpolation') {
            text += '{}';
            const expr = field(child, 'expression') ?? named(child)[0];
            if (expr && !this.isConstant(expr, depth + 1)) dynamic = true;
          } else if (child.type === 'string_content' || child.type === 'escape_sequence') text += child.text;
        }
        return { text, dynamic, via: [] };
      }
      case 'concatenated_string': {
        const parts = named(n).map((c) => this.describe(c, depth + 1));
        return {
          text: joinText(parts.map((p) => p?.text ?? '{}'), ''),
          dynamic: parts.some((p) => p === null || p.dynamic),
          via: joinVia(...parts.map((p) => p?.via ?? [])),
        };
      }
      case 'binary_expression':
      case 'binary_operator':
        return this.describeBinary(n, depth);
      case 'call':
      case 'call_expression':
        return this.describeFormatCall(n, depth);
      case 'identifier':
        return this.describeVariable(n, depth);
      default:
        return null;
    }
  }

  private describeBinary(n: Node, depth: number): StringInfo | null {
    const op = field(n, 'operator')?.type;
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (!left || !right) return null;
    if (op === '+') {
      const l = this.describe(left, depth + 1);
      const r = this.describe(right, depth + 1);
      if (!l && !r) return null;
      return {
        text: joinText([l?.text ?? '{}', r?.text ?? '{}'], ''),
        dynamic: (l ? l.dynamic : !this.isConstant(left, depth + 1)) || (r ? r.dynamic : !this.isConstant(right, depth + 1)),
        via: joinVia(l?.via ?? [], r?.via ?? []),
      };
    }
    if (op === '%' && this.family === 'python') {
      const format = this.describe(left, depth + 1);
      if (!format) return null;
      return { text: format.text, dynamic: format.dynamic || !this.isConstant(right, depth + 1), via: format.via };
    }
    return null;
  }

  private describeFormatCall(n: Node, depth: number): StringInfo | null {
    const call = this.toCall(n);
    if (this.family === 'python' && call.name === 'format' && call.receiver) {
      const format = this.describe(call.receiver, depth + 1);
      if (!format) return null;
      const values = [...call.args, ...call.kwargs.values()];
      return { text: format.text, dynamic: format.dynamic || values.some((v) => !this.isConstant(v, depth + 1)), via: format.via };
    }
    if (this.family === 'go' && /^fmt\.Sprintf$/.test(call.callee)) {
      const format = this.describe(call.args[0], depth + 1);
      if (!format) return null;
      const verbs = [...format.text.matchAll(/%[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])/g)].map((m) => m[1]).filter((v) => v !== '%');
      // Numbers and booleans (%d, %f, %t ...) cannot carry SQL or shell syntax; strings and %v can.
      const dynamic = call.args.slice(1).some((arg, i) => !this.isConstant(arg, depth + 1) && !/^[dfegtxXobcU]$/.test(verbs[i] ?? 'v'));
      return { text: format.text, dynamic: format.dynamic || dynamic, via: format.via };
    }
    return null;
  }

  private describeVariable(n: Node, depth: number): StringInfo | null {
    const assignments = this.assignmentsBefore(n.text, n);
    if (assignments.length === 0) return null;
    const parts = assignments.map((a) => ({ a, info: this.describe(a.value, depth + 1) }));
    if (parts.every((p) => p.info === null)) return null;
    return {
      text: joinText(parts.map((p) => p.info?.text ?? '{}'), ' '),
      dynamic: parts.some((p) => (p.info ? p.info.dynamic : p.a.augmented && !this.isConstant(p.a.value, depth + 1))),
      via: joinVia(...parts.map((p) => [...(p.info?.via ?? []), p.a.node])),
    };
  }

  /** True when the expression can only be a compile-time value (or a number), so interpolating it is harmless. */
  isConstant(node: Node, depth = 0): boolean {
    if (depth > MAX_STRING_DEPTH) return false;
    const n = unwrap(node);
    const cached = this.constants.get(n.id);
    if (cached !== undefined) return cached;
    this.constants.set(n.id, false);
    const constant = this.isConstantUncached(n, depth);
    this.constants.set(n.id, constant);
    return constant;
  }

  private isConstantUncached(n: Node, depth: number): boolean {
    if (LITERAL_TYPES.has(n.type) || isStringLiteral(n)) return true;
    switch (n.type) {
      case 'identifier': {
        if (/^[A-Z][A-Z0-9_]*$/.test(n.text)) return true;
        const assignments = this.assignmentsBefore(n.text, n);
        return assignments.length > 0 && assignments.every((a) => this.isConstant(a.value, depth + 1));
      }
      case 'member_expression':
      case 'attribute':
      case 'selector_expression':
        // CONSTANT_NAMES, and lengths (`params.length` numbering a `$n` placeholder).
        return /^([A-Z][A-Z0-9_]*|length)$/.test(lastSegment(pathOf(n)));
      case 'unary_expression':
      case 'unary_operator':
        return named(n).every((c) => this.isConstant(c, depth + 1));
      case 'binary_expression':
      case 'binary_operator': {
        const left = field(n, 'left');
        const right = field(n, 'right');
        return left !== null && right !== null && this.isConstant(left, depth + 1) && this.isConstant(right, depth + 1);
      }
      case 'template_string':
      case 'string':
      case 'concatenated_string': {
        const info = this.describe(n, depth + 1);
        return info !== null && !info.dynamic;
      }
      case 'call':
      case 'call_expression': {
        const call = this.toCall(n);
        if (/^(int|float|len|bool|Number|parseInt|parseFloat|Boolean|strconv\.Itoa|strconv\.FormatInt|strconv\.FormatFloat|strconv\.FormatBool|math\.\w+)$/.test(call.callee)) return true;
        if (isPlaceholderList(n)) return true;
        const joined = this.joinedList(call);
        if (joined) return this.isConstantList(joined.list, n, depth + 1) && (!joined.separator || this.isConstant(joined.separator, depth + 1));
        if (this.family === 'go' && call.callee === 'append') return call.args.slice(1).every((a) => this.isConstant(a, depth + 1));
        const info = this.describeFormatCall(n, depth + 1);
        return info !== null && !info.dynamic;
      }
      default:
        return false;
    }
  }

  /** `strings.Join(list, sep)`, `sep.join(list)`, `list.join(sep)`. */
  private joinedList(call: Call): { list: Node; separator: Node | undefined } | undefined {
    if (this.family === 'go' && call.callee === 'strings.Join' && call.args[0]) return { list: call.args[0], separator: call.args[1] };
    if (call.name !== 'join' || !call.receiver) return undefined;
    if (this.family === 'python') return call.args[0] ? { list: call.args[0], separator: call.receiver } : undefined;
    if (this.family === 'js') return { list: call.receiver, separator: call.args[0] };
    return undefined;
  }

  /**
   * A list whose every element is a constant: a literal list, or a variable built from literal lists and
   * push/append/extend calls of constants before `at`. The usual way of assembling `WHERE a = $1 AND b = $2`.
   */
  private isConstantList(list: Node, at: Node, depth: number): boolean {
    if (depth > MAX_STRING_DEPTH) return false;
    const n = unwrap(list);
    if (['array', 'list', 'tuple', 'composite_literal'].includes(n.type)) {
      const elements = n.type === 'composite_literal' ? named(field(n, 'body')).map((e) => named(e)[0] ?? e) : named(n);
      return elements.every((e) => this.isConstant(e, depth + 1));
    }
    if (n.type !== 'identifier') return this.isCall(n) && /^(make|list)$/.test(this.toCall(n).callee) && this.toCall(n).args.length <= 2;
    const assignments = this.assignmentsBefore(n.text, at);
    if (assignments.length === 0) return false;
    const built = assignments.every((a) => this.isConstantList(a.value, a.node, depth + 1) || (this.family === 'go' && this.isConstant(a.value, depth + 1)));
    const scope = this.scopeOf(at).id;
    const added = this.calls.filter(
      (c) => /^(push|unshift|append|extend|insert|add)$/.test(c.name) && c.receiver?.type === 'identifier' && c.receiver.text === n.text && c.node.startIndex < at.startIndex && this.scopeOf(c.node).id === scope,
    );
    return built && added.every((c) => (c.name === 'extend' ? c.args.every((a) => this.isConstantList(a, c.node, depth + 1)) : c.args.every((a) => this.isConstant(a, depth + 1))));
  }
}

/**
 * `ids.map(() => '?').join(',')`, `', '.join(['%s'] * len(ids))`, `strings.Repeat("?,", n)`: placeholders generated
 * for a parameter list are SQL syntax made of constants, not data.
 */
function isPlaceholderList(node: Node): boolean {
  const text = node.text;
  if (!/\b(join|Join|repeat|Repeat)\b/.test(text)) return false;
  const literals = node.descendantsOfType(['string_fragment', 'string_content', 'interpreted_string_literal_content', 'raw_string_literal_content']);
  return literals.length > 0 && literals.every((l) => /^[\s,?$%sd()@:0-9]*$/.test(l.text));
}
