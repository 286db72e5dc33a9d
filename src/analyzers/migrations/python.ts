import type { Node } from 'web-tree-sitter';
import { type Call, type SourceFile, field, lastSegment, named, unwrap } from '../code/syntax.ts';
import { dottedName } from './literals.ts';

/** Small readers over Python syntax shared by the alembic and Django modules. */

export function isTrue(node: Node | undefined): boolean {
  return node !== undefined && unwrap(node).type === 'true';
}

export function isFalse(node: Node | undefined): boolean {
  return node !== undefined && unwrap(node).type === 'false';
}

/** Present and not None. */
export function given(node: Node | undefined): node is Node {
  return node !== undefined && unwrap(node).type !== 'none';
}

/** A function defined at module level (alembic's upgrade/downgrade). */
export function moduleFunction(source: SourceFile, name: string): Node | undefined {
  for (const child of named(source.root)) {
    const fn = child.type === 'decorated_definition' ? field(child, 'definition') : child;
    if (fn?.type === 'function_definition' && field(fn, 'name')?.text === name) return fn;
  }
  return undefined;
}

/** A body that does nothing: pass, `...`, docstrings and comments only. */
export function isTrivialBody(fn: Node): boolean {
  return named(field(fn, 'body')).every((statement) => {
    if (statement.type === 'pass_statement') return true;
    if (statement.type !== 'expression_statement') return false;
    const expression = named(statement)[0];
    return expression?.type === 'string' || expression?.type === 'ellipsis';
  });
}

/** The class or constructor name of a call or reference, without module: `sa.Float()` -> Float, `models.FloatField` -> FloatField. */
export function typeName(source: SourceFile, node: Node | undefined): string {
  if (!node) return '';
  const call = source.callAt(node);
  return lastSegment(dottedName(call ? field(call.node, 'function') : unwrap(node)));
}

/** Integer arguments of a type constructor, positional then by keyword: String(50), Numeric(precision=10, scale=2). */
export function intArgs(call: Call | undefined, keywords: readonly string[]): (number | undefined)[] {
  if (!call) return [];
  const read = (n: Node | undefined) => (n && unwrap(n).type === 'integer' ? Number(unwrap(n).text) : undefined);
  return keywords.map((keyword, i) => read(call.kwargs.get(keyword) ?? call.args[i]));
}

/** Whether `inner` lies inside `outer`. */
export function within(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}
