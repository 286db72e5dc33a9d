import type { RuleInfo } from '../finding.ts';

const OAS = 'https://spec.openapis.org/oas/v3.1.1.html';

/** The OpenAPI lint rules: REST conventions of the practice, each with its primary source. */
const RULES = {
  'operation-security': {
    severity: 'high',
    category: 'security',
    title: 'Non-public operations declare a security requirement (globally or per operation; `security: []` marks a public one)',
    source: `${OAS}#security-requirement-object`,
  },
  'security-scheme-defined': {
    severity: 'high',
    category: 'security',
    title: 'Every security requirement names a scheme declared in components.securitySchemes',
    source: `${OAS}#security-requirement-object`,
  },
  'ref-resolves': {
    severity: 'high',
    category: 'api',
    title: 'Every $ref resolves (internal pointers and relative files inside the base directory)',
    source: `${OAS}#reference-object`,
  },
  'problem-details': {
    severity: 'medium',
    category: 'api',
    title: 'Error responses (4xx/5xx) use a structured body: RFC 9457 problem details, or an object with code and message',
    source: 'https://www.rfc-editor.org/rfc/rfc9457.html',
  },
  'list-pagination': {
    severity: 'medium',
    category: 'api',
    title: 'GET operations that return a list accept pagination parameters (limit/offset, page, cursor)',
    source: 'https://google.aip.dev/158',
  },
  'version-prefix': {
    severity: 'medium',
    category: 'api',
    title: 'The API carries a version in its paths or servers (/v1, /api/v1)',
    source: 'https://google.aip.dev/185',
  },
  'operation-id-unique': {
    severity: 'medium',
    category: 'api',
    title: 'Every operation has an operationId, unique in the document',
    source: `${OAS}#operation-object`,
  },
  'request-body-semantics': {
    severity: 'medium',
    category: 'api',
    title: 'GET, HEAD and DELETE operations do not declare a request body',
    source: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-9.3.1',
  },
  'no-verbs-in-paths': {
    severity: 'medium',
    category: 'api',
    title: 'Paths name resources, not CRUD actions: the HTTP method is the verb',
    source: 'https://opensource.zalando.com/restful-api-guidelines/#141',
  },
  'declares-4xx': {
    severity: 'low',
    category: 'api',
    title: 'Operations document their 4xx responses: at least one, 400/422 for writes, 401/403 for secured writes',
    source: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5',
  },
  'plural-resource-nouns': {
    severity: 'low',
    category: 'api',
    title: 'Path segments naming collections are plural nouns',
    source: 'https://opensource.zalando.com/restful-api-guidelines/#134',
  },
  'kebab-case-paths': {
    severity: 'low',
    category: 'api',
    title: 'Path segments are lowercase words separated by hyphens',
    source: 'https://opensource.zalando.com/restful-api-guidelines/#129',
  },
} as const satisfies Record<string, Omit<RuleInfo, 'id'>>;

export type OpenApiRuleId = keyof typeof RULES;

export const OPENAPI_RULES: RuleInfo[] = Object.entries(RULES).map(([id, info]) => ({ id, ...info }));

export function ruleMeta(id: OpenApiRuleId): Omit<RuleInfo, 'id'> {
  return RULES[id];
}
