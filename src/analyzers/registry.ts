import { CODE_RULES } from './code/rules.ts';
import { EXPLAIN_RULES } from './explain/rules.ts';
import type { RuleInfo } from './finding.ts';
import { OPENAPI_RULES } from './openapi/rules.ts';
import { SQL_RULES } from './sql/rules.ts';

/** Every analyzer rule, for SARIF rule descriptors and the rule documentation. */
export const ALL_RULES: readonly RuleInfo[] = [...CODE_RULES, ...SQL_RULES, ...OPENAPI_RULES, ...EXPLAIN_RULES];
