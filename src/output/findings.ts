import { bySeverityThenLocation, SEVERITIES, type Finding, type FindingSeverity } from '../analyzers/finding.ts';

/** One line per finding, grep-friendly: path:line severity rule message (fix: ...). */
export function findingsText(findings: readonly Finding[]): string {
  if (!findings.length) return 'no findings';
  const lines = [...findings].sort(bySeverityThenLocation).map((f) => `${f.file}:${f.line}${f.column ? `:${f.column}` : ''} ${f.severity} ${f.rule} ${f.message} (fix: ${f.fix})`);
  return [...lines, '', summaryLine(findings)].join('\n');
}

/** For prompts and PR comments: a heading per finding with its evidence and fix. */
export function findingsMarkdown(findings: readonly Finding[], title = 'Analyzer findings'): string {
  if (!findings.length) return `**${title}:** none.`;
  const blocks = [...findings].sort(bySeverityThenLocation).map((f) => {
    const lines = [`- **${f.severity}** \`${f.rule}\` ${f.file}:${f.line}: ${f.message}`];
    if (f.evidence) lines.push(`  Evidence: \`${f.evidence.replace(/`/g, "'")}\``);
    lines.push(`  Fix: ${f.fix}`);
    return lines.join('\n');
  });
  return [`**${title}** (${summaryLine(findings)})`, ...blocks].join('\n');
}

export function summaryLine(findings: readonly Finding[]): string {
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  return `${findings.length} finding(s): ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`;
}

export function atOrAbove(findings: readonly Finding[], threshold: FindingSeverity): Finding[] {
  const limit = SEVERITIES.indexOf(threshold);
  return findings.filter((f) => SEVERITIES.indexOf(f.severity) <= limit);
}
