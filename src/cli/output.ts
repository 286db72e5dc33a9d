import { SEVERITIES, type Finding, type FindingSeverity, type RuleInfo } from '../analyzers/finding.ts';
import { atOrAbove, findingsMarkdown, findingsText } from '../output/findings.ts';
import { toSarif } from '../output/sarif.ts';
import type { Io } from './io.ts';

export const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** Options every analyzer command shares, as parseArgs declares them. */
export const findingOptions = {
  format: { type: 'string', default: 'text' },
  'fail-on': { type: 'string', default: 'high' },
} as const;

export interface FindingFlags {
  format: Format;
  failOn: FindingSeverity;
}

export function readFindingFlags(values: { format?: string; 'fail-on'?: string }): FindingFlags | string {
  const format = values.format ?? 'text';
  const failOn = values['fail-on'] ?? 'high';
  if (!(FORMATS as readonly string[]).includes(format)) return `--format must be one of ${FORMATS.join(', ')}, not "${format}"`;
  if (!(SEVERITIES as readonly string[]).includes(failOn)) return `--fail-on must be one of ${SEVERITIES.join(', ')}, not "${failOn}"`;
  return { format: format as Format, failOn: failOn as FindingSeverity };
}

declare const PROAGENT_VERSION: string | undefined;
const version = typeof PROAGENT_VERSION === 'string' ? PROAGENT_VERSION : 'dev';

/**
 * Prints findings in the chosen format and returns the exit status: 1 when any finding is at or
 * above --fail-on, else 0. JSON is exactly {"findings": [...]} plus summary fields.
 */
export function emitFindings(io: Io, findings: Finding[], rules: readonly RuleInfo[], flags: FindingFlags, extra: { summary?: string; title?: string } = {}): number {
  if (flags.format === 'json') io.out(JSON.stringify({ findings, ...(extra.summary ? { summary: extra.summary } : {}), counts: countBySeverity(findings) }, null, 2));
  else if (flags.format === 'sarif') io.out(JSON.stringify(toSarif(findings, rules, { name: 'proagent-backend', version, informationUri: 'https://github.com/provectus/proagent-backend' }), null, 2));
  else if (flags.format === 'markdown') io.out([extra.summary, findingsMarkdown(findings, extra.title)].filter(Boolean).join('\n\n'));
  else io.out([extra.summary, findingsText(findings)].filter(Boolean).join('\n\n'));
  return atOrAbove(findings, flags.failOn).length ? 1 : 0;
}

function countBySeverity(findings: readonly Finding[]): Record<FindingSeverity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<FindingSeverity, number>;
}

