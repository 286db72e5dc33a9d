import type { Finding } from '../finding.ts';
import type { JsonObject, Operation } from './model.ts';
import { ruleMeta, type OpenApiRuleId } from './rules.ts';
import type { Location, Pointer } from './source.ts';

/** What every check sees: the dereferenced document, its operations, and a way to report at a place in the source text. */
export interface LintContext {
  api: JsonObject;
  operations: Operation[];
  report(rule: OpenApiRuleId, pointer: Pointer, message: string, fix: string): void;
}

export function createContext(api: JsonObject, operations: Operation[], file: string, locate: (pointer: Pointer) => Location, findings: Finding[]): LintContext {
  return {
    api,
    operations,
    report(rule, pointer, message, fix) {
      const { severity, category } = ruleMeta(rule);
      const { line, column, evidence } = locate(pointer);
      findings.push({ rule, severity, category, file, line, column, message, fix, ...(evidence === '' ? {} : { evidence }) });
    },
  };
}

/** `GET /users`, for messages. */
export function describe(op: Operation): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}
