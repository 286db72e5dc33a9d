import type { z } from 'zod';
import { diag, type Diagnostic } from '../diagnostics.ts';
import type { RuleId } from '../rules.ts';
import type { Located } from '../load/yaml.ts';
import { closest } from './suggest.ts';

export interface SchemaCheck<T> {
  data?: T;
  diagnostics: Diagnostic[];
}

/**
 * Runs a zod schema and turns each issue into a located diagnostic. Unknown keys get a did-you-mean
 * against the keys the schema knows; `special` lets a caller give chosen keys their own rule.
 */
export function checkSchema<S extends z.ZodType>(
  located: Located,
  schema: S,
  what: string,
  special: (key: string, path: (string | number)[]) => Diagnostic | undefined = () => undefined,
  ruleFor: (path: (string | number)[]) => RuleId | undefined = () => undefined,
): SchemaCheck<z.infer<S>> {
  const result = schema.safeParse(located.data);
  if (result.success) return { data: result.data, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, path);
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        const own = special(key, keyPath);
        if (own) {
          diagnostics.push(own);
          continue;
        }
        const guess = closest(key, known);
        diagnostics.push(
          diag('unknown-key', located.locate(keyPath), `${what}: unknown key "${key}"${guess ? `; did you mean "${guess}"?` : ''}`, guess ? `rename it to "${guess}"` : `remove it; known keys: ${known.join(', ')}`),
        );
      }
      continue;
    }
    const field = path.join('.') || '(root)';
    const rule = ruleFor(path) ?? (path[0] === 'model' ? 'model-unknown' : 'invalid-value');
    diagnostics.push(diag(rule, located.locate(path), `${what}: ${field} ${issue.message}`, fixFor(issue)));
  }
  return { diagnostics };
}

function fixFor(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `give ${issue.path.join('.') || 'it'} a value of type ${issue.expected}`;
  if (issue.code === 'invalid_value') return `use one of: ${issue.values.map(String).join(', ')}`;
  return 'correct the value';
}

/** The keys an object schema accepts at a path, for suggestions. */
function knownKeys(schema: z.ZodType, path: (string | number)[]): string[] {
  let node: unknown = schema;
  for (const key of path) {
    node = unwrap(node);
    const def = (node as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown } }).def;
    if (def?.type === 'object' && def.shape && typeof key === 'string') node = def.shape[key];
    else if (def?.type === 'array') node = def.element;
    else if (def?.type === 'record') node = def.valueType;
    else return [];
  }
  node = unwrap(node);
  const shape = (node as { def?: { shape?: Record<string, unknown> } }).def?.shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(node: unknown): unknown {
  let current = node as { def?: { type?: string; innerType?: unknown; in?: unknown; options?: unknown[] } };
  for (let i = 0; i < 8 && current?.def; i++) {
    const def = current.def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'readonly') current = def.innerType as typeof current;
    else if (def.type === 'pipe') current = def.in as typeof current;
    else if (def.type === 'union' && def.options) current = (def.options.find((o) => (o as typeof current).def?.type === 'object') ?? def.options[0]) as typeof current;
    else break;
  }
  return current;
}
