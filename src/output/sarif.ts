import type { Finding, FindingSeverity, RuleInfo } from '../analyzers/finding.ts';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<FindingSeverity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning ranks alerts by this property (0.1 to 10). */
const SECURITY_SEVERITY: Record<FindingSeverity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' };

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
}

/** A SARIF 2.1.0 log with one run, for code scanning in CI. */
export function toSarif(findings: readonly Finding[], rules: readonly RuleInfo[], tool: SarifTool) {
  const used = new Set(findings.map((f) => f.rule));
  const known = rules.filter((r) => used.has(r.id));
  const unknown = [...used].filter((id) => !known.some((r) => r.id === id));
  const descriptors = [
    ...known.map((r) => ({
      id: r.id,
      name: r.id,
      shortDescription: { text: r.title },
      helpUri: r.source,
      defaultConfiguration: { level: LEVEL[r.severity] },
      properties: { tags: [r.category, ...(r.category === 'security' ? ['security'] : [])].filter((t, i, all) => all.indexOf(t) === i), 'security-severity': SECURITY_SEVERITY[r.severity] },
    })),
    ...unknown.map((id) => ({ id, name: id, shortDescription: { text: id } })),
  ];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, informationUri: tool.informationUri, rules: descriptors } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule)!,
          level: LEVEL[f.severity],
          message: { text: `${f.message} Fix: ${f.fix}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: toUri(f.file) }, region: { startLine: f.line, ...(f.column ? { startColumn: f.column } : {}) } } }],
          properties: { severity: f.severity, ...(f.category ? { category: f.category } : {}) },
        })),
      },
    ],
  };
}

/** SARIF wants relative URIs with forward slashes and percent-encoding. */
function toUri(file: string): string {
  return file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}
