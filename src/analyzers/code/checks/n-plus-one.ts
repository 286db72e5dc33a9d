import type { Node } from 'web-tree-sitter';
import type { Candidate, Check } from '../check.ts';
import { isDatabaseCall } from '../queries.ts';
import { field, named, type Family, type SourceFile } from '../syntax.ts';

/**
 * A database call inside a loop whose arguments use the loop variable: one round trip per item. A batched call before
 * the loop (WHERE id IN ..., findMany with `in`, prefetch) has no loop variable in it and is not reported.
 */

const FIX = 'Fetch all rows in one query before the loop (WHERE id = ANY($1) / IN (...), findMany({ where: { id: { in: ids } } }), Django select_related/prefetch_related, SQLAlchemy selectinload) and look them up in a map.';
/** Loops with a loop variable; `while` loops (polling, retries) have none and are left out. */
const LOOP_TYPES: Record<Family, readonly string[]> = {
  js: ['for_statement', 'for_in_statement'],
  python: ['for_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'],
  go: ['for_statement'],
};
const CALLBACK_LOOPS = /^(forEach|map|flatMap|filter|reduce|some|every|each)$/;

interface Loop {
  node: Node;
  body: Node;
  vars: Set<string>;
}

export const nPlusOne: Check = (source) => {
  const found: Candidate[] = [];
  const reported = new Set<number>();
  for (const loop of loops(source)) {
    if (loop.vars.size === 0) continue;
    addDerived(loop);
    for (const node of loop.body.descendantsOfType(source.family === 'python' ? 'call' : 'call_expression')) {
      const call = source.callAt(node);
      if (!call || reported.has(call.node.id)) continue;
      if (!isDatabaseCall(source, call) || !usesAny(call.node, loop.vars, field(call.node, 'function'))) continue;
      reported.add(call.node.id);
      found.push({ rule: 'n-plus-one', at: [call.node], message: `${call.callee}() runs once per item of the loop on line ${loop.node.startPosition.row + 1}: N items cost N+1 queries.`, fix: FIX });
    }
  }
  return found;
};

function loops(source: SourceFile): Loop[] {
  const found: Loop[] = [];
  for (const node of source.ofType(...LOOP_TYPES[source.family])) {
    const vars = new Set<string>();
    let body: Node | null = field(node, 'body');
    if (source.family === 'python' && node.type !== 'for_statement') {
      body = node;
      for (const clause of named(node).filter((c) => c.type === 'for_in_clause')) identifiers(field(clause, 'left'), vars);
    } else if (source.family === 'go') {
      const clause = named(node).find((c) => c.type === 'range_clause' || c.type === 'for_clause');
      identifiers(clause?.type === 'range_clause' ? field(clause, 'left') : field(clause, 'initializer'), vars);
    } else {
      identifiers(field(node, 'left') ?? field(node, 'initializer'), vars);
    }
    if (body) found.push({ node, body, vars });
  }
  if (source.family === 'js') {
    for (const call of source.calls) {
      if (!CALLBACK_LOOPS.test(call.name) || !call.receiver) continue;
      const fn = call.args.find((a) => source.isFunction(a));
      const body = field(fn, 'body');
      if (!fn || !body) continue;
      const vars = new Set<string>();
      const params = field(fn, 'parameters') ?? field(fn, 'parameter');
      identifiers(call.name === 'reduce' ? named(params)[1] : named(params)[0] ?? params, vars);
      found.push({ node: call.node, body, vars });
    }
  }
  return found;
}

/** Names bound by a loop header or pattern; for `let i = start` only `i`, not the initial value. */
function identifiers(node: Node | null | undefined, into: Set<string>): void {
  if (!node) return;
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
    for (const declarator of named(node)) identifiers(field(declarator, 'name'), into);
    return;
  }
  if (node.type === 'short_var_declaration') return identifiers(field(node, 'left'), into);
  for (const n of [node, ...node.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern', 'shorthand_property_identifier'])]) {
    if (/identifier/.test(n.type) && n.type !== 'type_identifier' && n.text !== '_') into.add(n.text);
  }
}

/** Variables computed from the loop variable inside the body (`const id = user.id`). */
function addDerived(loop: Loop): void {
  for (const node of loop.body.descendantsOfType(['variable_declarator', 'assignment', 'short_var_declaration', 'assignment_expression'])) {
    const value = field(node, 'value') ?? field(node, 'right');
    if (value && usesAny(value, loop.vars)) identifiers(field(node, 'name') ?? field(node, 'left'), loop.vars);
  }
}

/** The node mentions one of the variables, outside `skip` (the callee: `user.save()` is not a query keyed by `user`). */
function usesAny(node: Node, vars: Set<string>, skip?: Node | null): boolean {
  return [node, ...node.descendantsOfType(['identifier', 'shorthand_property_identifier'])].some(
    (n) => vars.has(n.text) && /identifier/.test(n.type) && !(skip && n.startIndex >= skip.startIndex && n.endIndex <= skip.endIndex),
  );
}
