import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ALL_RULES } from '../../analyzers/registry.ts';
import { analyzeDiff, analyzePaths } from '../../review/analyze.ts';
import { git } from '../../review/git.ts';
import { parseTarget, resolveTarget, type ParsedTarget } from '../../review/target.ts';
import { atOrAbove, findingsMarkdown, findingsText } from '../../output/findings.ts';
import type { Io } from '../io.ts';
import { emitFindings, findingOptions, readFindingFlags } from '../output.ts';

export const REVIEW_USAGE = `proagent-backend review [target] [--diff FILE|-] [--base REF] [--pr N] [--format text|json|markdown|sarif] [--fail-on SEVERITY|none]
                        [--max-diff-lines N] [--min-confidence N]
  Runs the analyzers on the added lines of a diff (or on whole files for paths) and prints the review context.

  target              nothing (working tree and index against the default branch's merge-base),
                      a ref, a range a..b or a...b, a .diff/.patch file, or paths to review as they are
  --diff FILE|-       review this unified diff (- reads standard input)
  --base REF          the same as giving REF as the target
  --pr N              the diff of pull request N (needs the GitHub CLI, gh)
  --max-diff-lines N  include the diff itself when it has at most N lines (default 600)
  --min-confidence N  the reviewer's cut-off, 0 to 100 (default 70), echoed for the review command`;

/** The review context: what is compared with what, the diff stat and (when small) the diff itself. */
export async function reviewCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...findingOptions, pr: { type: 'string' }, diff: { type: 'string' }, base: { type: 'string' }, 'max-diff-lines': { type: 'string', default: '600' }, 'min-confidence': { type: 'string', default: '70' } },
  });
  // --fail-on none: the slash command's ! line must not fail just because findings exist.
  const failOnNone = parsed.values['fail-on'] === 'none';
  const flags = readFindingFlags(failOnNone ? { ...parsed.values, 'fail-on': 'critical' } : parsed.values);
  if (typeof flags === 'string') {
    io.err(`proagent-backend review: ${flags}`);
    return 2;
  }
  const maxLines = Number(parsed.values['max-diff-lines']);
  if (!Number.isInteger(maxLines) || maxLines < 0) {
    io.err('proagent-backend review: --max-diff-lines takes a whole number');
    return 2;
  }
  const minConfidence = Number(parsed.values['min-confidence']);
  if (!Number.isInteger(minConfidence) || minConfidence < 0 || minConfidence > 100) {
    io.err('proagent-backend review: --min-confidence takes a whole number from 0 to 100');
    return 2;
  }
  const cwd = process.cwd();
  const target = await targetFrom(parsed.values, parsed.positionals, cwd);
  if (!target.ok) {
    io.err(`proagent-backend review: ${target.message}`);
    return 2;
  }
  const resolved = await resolveTarget(target.target, cwd);
  if (!resolved.ok) {
    io.err(`proagent-backend review: ${resolved.message}`);
    return 2;
  }
  const r = resolved.value;
  const analysis = r.paths ? await analyzePaths(r.paths, cwd) : await analyzeDiff(r.diff ?? '', (await git(['rev-parse', '--show-toplevel'], cwd)).stdout.trim() || cwd);
  if (!analysis.ok) {
    io.err(`proagent-backend review: ${analysis.error.code}: ${analysis.error.message}`);
    return 2;
  }
  if (flags.format === 'json' || flags.format === 'sarif') {
    const status = emitFindings(io, analysis.findings, ALL_RULES, flags, { summary: `Target: ${r.description}` });
    return failOnNone ? 0 : status;
  }
  const lines = [`Target: ${r.description}`, `Minimum confidence: ${minConfidence}`];
  if (r.diffCommand) lines.push(`Full diff: \`${r.diffCommand}\``);
  if (r.stat.trim()) lines.push('', '```', r.stat.trimEnd(), '```');
  else if (r.diff !== undefined && !r.diff.trim()) lines.push('', 'No changes: the diff is empty.');
  if (r.untracked.length) lines.push('', `Untracked files (analyzed as new, but not in the full diff command; Read them if they belong to the change): ${r.untracked.slice(0, 20).join(', ')}${r.untracked.length > 20 ? `, and ${r.untracked.length - 20} more` : ''}`);
  if (r.paths) lines.push('', `Review these paths as they are: ${r.paths.join(', ')}`);
  const diffLines = r.diff ? r.diff.split('\n').length : 0;
  if (r.diff?.trim()) {
    lines.push('', diffLines <= maxLines ? ['```diff', r.diff.trimEnd(), '```'].join('\n') : `The diff has ${diffLines} lines: read it file by file with the full diff command plus \`-- <path>\`.`);
  }
  lines.push('', flags.format === 'markdown' ? findingsMarkdown(analysis.findings) : ['Analyzer findings:', findingsText(analysis.findings)].join('\n'));
  io.out(lines.join('\n'));
  return atOrAbove(analysis.findings, flags.failOn).length && !failOnNone ? 1 : 0;
}

/** --diff and --base are spellings of the positional target; --diff - reads the diff from standard input. */
async function targetFrom(values: { pr?: string; diff?: string; base?: string }, positionals: string[], cwd: string): Promise<ParsedTarget> {
  if (values.diff === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return { ok: true, target: { kind: 'diff-text', text: Buffer.concat(chunks).toString('utf8') } };
  }
  if (values.diff !== undefined) return fs.existsSync(values.diff) ? { ok: true, target: { kind: 'diff-file', file: values.diff } } : { ok: false, message: `--diff: ${values.diff} does not exist` };
  if (values.base !== undefined) return parseTarget([values.base, ...positionals], cwd);
  return parseTarget(values.pr !== undefined ? ['--pr', values.pr, ...positionals] : positionals, cwd);
}
