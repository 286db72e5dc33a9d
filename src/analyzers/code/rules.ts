import { z } from 'zod';
import type { RuleInfo } from '../finding.ts';

/** The code rules run on source files and on the added lines of a diff. */

export const CODE_RULE_IDS = [
  'sql-injection',
  'command-injection',
  'hardcoded-secret',
  'weak-password-hash',
  'jwt-unverified',
  'cors-wildcard-credentials',
  'error-detail-leak',
  'http-no-timeout',
  'sensitive-log',
  'missing-auth',
  'n-plus-one',
  'unbounded-query',
  'select-star',
] as const;
export const codeRuleIdSchema = z.enum(CODE_RULE_IDS);
export type CodeRuleId = z.infer<typeof codeRuleIdSchema>;

export const CODE_RULES: (RuleInfo & { id: CodeRuleId })[] = [
  {
    id: 'sql-injection',
    severity: 'critical',
    category: 'security',
    title: 'SQL built from run-time values (template, f-string, concatenation, % or format) reaches a query call',
    source: 'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
  },
  {
    id: 'command-injection',
    severity: 'critical',
    category: 'security',
    title: 'A shell command built from run-time values is executed',
    source: 'https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html',
  },
  {
    id: 'hardcoded-secret',
    severity: 'critical',
    category: 'security',
    title: 'A credential (key, token, password) is written in the code',
    source: 'https://cwe.mitre.org/data/definitions/798.html',
  },
  {
    id: 'weak-password-hash',
    severity: 'high',
    category: 'security',
    title: 'A password is hashed with a fast hash (MD5, SHA-1, SHA-2) or bcrypt with a cost below 10',
    source: 'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html',
  },
  {
    id: 'jwt-unverified',
    severity: 'critical',
    category: 'security',
    title: 'A JWT is read without verifying its signature, or without pinning the accepted algorithms',
    source: 'https://www.rfc-editor.org/rfc/rfc8725',
  },
  {
    id: 'cors-wildcard-credentials',
    severity: 'high',
    category: 'security',
    title: 'CORS allows any origin (wildcard or reflected) together with credentials',
    source: 'https://fetch.spec.whatwg.org/#cors-protocol-and-credentials',
  },
  {
    id: 'error-detail-leak',
    severity: 'medium',
    category: 'security',
    title: 'A stack trace or exception text is sent in an HTTP response',
    source: 'https://cwe.mitre.org/data/definitions/209.html',
  },
  {
    id: 'http-no-timeout',
    severity: 'medium',
    category: 'security',
    title: 'An outgoing HTTP call has no timeout',
    source: 'https://requests.readthedocs.io/en/latest/user/advanced/#timeouts',
  },
  {
    id: 'sensitive-log',
    severity: 'medium',
    category: 'security',
    title: 'A password, token, secret or Authorization value is written to a log',
    source: 'https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html',
  },
  {
    id: 'missing-auth',
    severity: 'high',
    category: 'security',
    title: "A route lacks the authentication the file's other routes use, or a mutating route has none",
    source: 'https://cwe.mitre.org/data/definitions/306.html',
  },
  {
    id: 'n-plus-one',
    severity: 'medium',
    category: 'performance',
    title: 'A query runs once per item inside a loop',
    source: 'https://docs.djangoproject.com/en/stable/topics/db/optimization/',
  },
  {
    id: 'unbounded-query',
    severity: 'medium',
    category: 'performance',
    title: 'A request handler lists rows with no limit or pagination',
    source: 'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/',
  },
  {
    id: 'select-star',
    severity: 'low',
    category: 'performance',
    title: 'SELECT * in SQL written in code',
    source: 'https://www.postgresql.org/docs/current/queries-select-lists.html',
  },
];

const BY_ID = new Map(CODE_RULES.map((rule) => [rule.id, rule]));

export function codeRule(id: CodeRuleId): RuleInfo {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`unknown code rule ${id}`);
  return rule;
}
