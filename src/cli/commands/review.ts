import { parseArgs } from 'node:util';
import { parseTarget, resolveTarget } from '../../review/target.ts';
import type { Io } from '../io.ts';

export const REVIEW_USAGE = `proagent-backend review [target] [--pr N] [--max-diff-lines N] [--min-confidence N]

  target              nothing (working tree and index against the default branch's merge-base),
                      a ref, a range a..b or a...b, a .diff/.patch file, or paths to review as they are
  --pr N              the diff of pull request N (needs the GitHub CLI, gh)
  --max-diff-lines N  include the diff itself when it has at most N lines (default 600)
  --min-confidence N  the reviewer's cut-off, 0 to 100 (default 70), echoed for the review command`;

/** The review context: what is compared with what, the diff stat and (when small) the diff itself. */
export async function reviewCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { pr: { type: 'string' }, 'max-diff-lines': { type: 'string', default: '600' }, 'min-confidence': { type: 'string', default: '70' } } });
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
  const target = parseTarget(parsed.values.pr !== undefined ? ['--pr', parsed.values.pr, ...parsed.positionals] : parsed.positionals, cwd);
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
  const lines = [`Target: ${r.description}`, `Minimum confidence: ${minConfidence}`];
  if (r.diffCommand) lines.push(`Full diff: \`${r.diffCommand}\``);
  if (r.stat.trim()) lines.push('', '```', r.stat.trimEnd(), '```');
  else if (r.diff !== undefined && !r.diff.trim()) lines.push('', 'No changes: the diff is empty.');
  if (r.untracked.length) lines.push('', `Untracked files, not in the diff (Read them if they belong to the change): ${r.untracked.slice(0, 20).join(', ')}${r.untracked.length > 20 ? `, and ${r.untracked.length - 20} more` : ''}`);
  if (r.paths) lines.push('', `Review these paths as they are: ${r.paths.join(', ')}`);
  const diffLines = r.diff ? r.diff.split('\n').length : 0;
  if (r.diff?.trim()) {
    lines.push('', diffLines <= maxLines ? ['```diff', r.diff.trimEnd(), '```'].join('\n') : `The diff has ${diffLines} lines: read it file by file with the full diff command plus \`-- <path>\`.`);
  }
  io.out(lines.join('\n'));
  return 0;
}
