import fs from 'node:fs';
import path from 'node:path';
import { git, isRevision, run } from './git.ts';

/** What /proagent-backend-review was asked to look at. */
export type ReviewTarget =
  | { kind: 'worktree' }
  | { kind: 'ref'; ref: string }
  | { kind: 'range'; from: string; to: string; symmetric: boolean }
  | { kind: 'diff-file'; file: string }
  | { kind: 'diff-text'; text: string }
  | { kind: 'pr'; number: number }
  | { kind: 'paths'; paths: string[] };

/** Untracked files beyond this are listed but not analyzed. */
const MAX_UNTRACKED = 200;

export type ParsedTarget = { ok: true; target: ReviewTarget } | { ok: false; message: string };

/** Reads the command's arguments; anything that is neither a ref, a range, a diff file, --pr N nor a path is refused. */
export function parseTarget(args: readonly string[], cwd: string): ParsedTarget {
  const words = args.filter((a) => a.trim() !== '');
  if (words.length === 0) return { ok: true, target: { kind: 'worktree' } };
  if (words[0] === '--pr') {
    const n = Number(words[1]);
    return Number.isInteger(n) && n > 0 && words.length === 2 ? { ok: true, target: { kind: 'pr', number: n } } : { ok: false, message: '--pr needs one pull request number, e.g. --pr 42' };
  }
  if (words.length === 1) {
    const word = words[0]!;
    const range = /^([^.]+?)(\.\.\.?)([^.]+)$/.exec(word);
    if (range && isRevision(range[1]!) && isRevision(range[3]!)) return { ok: true, target: { kind: 'range', from: range[1]!, to: range[3]!, symmetric: range[2] === '...' } };
    if (/\.(diff|patch)$/.test(word) && isFile(path.resolve(cwd, word))) return { ok: true, target: { kind: 'diff-file', file: word } };
    if (fs.existsSync(path.resolve(cwd, word))) return { ok: true, target: { kind: 'paths', paths: [word] } };
    if (isRevision(word)) return { ok: true, target: { kind: 'ref', ref: word } };
    return { ok: false, message: `"${word}" is neither a git ref, a range (a..b, a...b), a .diff/.patch file nor a path` };
  }
  const missing = words.filter((w) => !fs.existsSync(path.resolve(cwd, w)));
  return missing.length ? { ok: false, message: `not found: ${missing.join(', ')}` } : { ok: true, target: { kind: 'paths', paths: words } };
}

export interface ResolvedTarget {
  /** One line for the reviewer: what is compared with what. */
  description: string;
  /** The command that prints the full diff, for the reviewer to run; absent for paths. */
  diffCommand?: string;
  stat: string;
  diff?: string;
  untracked: string[];
  paths?: string[];
}

export type Resolution = { ok: true; value: ResolvedTarget } | { ok: false; message: string };

export async function resolveTarget(target: ReviewTarget, cwd: string): Promise<Resolution> {
  if (target.kind === 'diff-file') {
    const diff = fs.readFileSync(path.resolve(cwd, target.file), 'utf8');
    const stat = await run('git', ['apply', '--stat', '--', target.file], cwd);
    return { ok: true, value: { description: `the patch file ${target.file}`, stat: stat.ok ? stat.stdout : '', diff, untracked: [] } };
  }
  if (target.kind === 'diff-text') {
    return { ok: true, value: { description: 'the diff read from standard input', stat: '', diff: target.text, untracked: [] } };
  }
  if (target.kind === 'paths') {
    return { ok: true, value: { description: `the files under ${target.paths.join(', ')} as they are (no diff)`, stat: '', untracked: [], paths: target.paths } };
  }
  const inRepo = await git(['rev-parse', '--is-inside-work-tree'], cwd);
  if (!inRepo.ok) return { ok: false, message: 'not inside a git repository: give a .diff file or a path to review' };

  if (target.kind === 'pr') {
    const pr = await run('gh', ['pr', 'diff', String(target.number)], cwd, 60_000);
    if (!pr.ok) return { ok: false, message: `gh pr diff ${target.number} failed: ${pr.stderr.trim() || 'is the GitHub CLI installed and logged in?'}` };
    return { ok: true, value: { description: `pull request #${target.number} (gh pr diff ${target.number})`, diffCommand: `gh pr diff ${target.number}`, stat: '', diff: pr.stdout, untracked: [] } };
  }

  let base: string;
  let description: string;
  let diffArgs: string[];
  if (target.kind === 'range') {
    diffArgs = [`${target.from}${target.symmetric ? '...' : '..'}${target.to}`];
    description = target.symmetric ? `${target.to} against its merge-base with ${target.from}` : `${target.from} to ${target.to}`;
  } else {
    const against = target.kind === 'ref' ? target.ref : await defaultBranch(cwd);
    const head = await git(['rev-parse', '--verify', '--quiet', 'HEAD'], cwd);
    if (!head.ok) return { ok: false, message: 'the repository has no commits yet' };
    if (against) {
      const mb = await git(['merge-base', 'HEAD', against], cwd);
      if (!mb.ok) return { ok: false, message: `no merge-base between HEAD and ${against}` };
      base = mb.stdout.trim();
      description = `the working tree and index against the merge-base with ${against} (${base.slice(0, 12)})`;
    } else {
      base = 'HEAD';
      description = 'the uncommitted changes against HEAD (no default branch found)';
    }
    diffArgs = [base];
  }
  const [stat, diff, untracked] = await Promise.all([
    git(['diff', '--stat', ...diffArgs, '--'], cwd),
    git(['diff', ...diffArgs, '--'], cwd),
    target.kind === 'range' ? Promise.resolve({ ok: true, stdout: '', stderr: '' }) : git(['ls-files', '--others', '--exclude-standard'], cwd),
  ]);
  if (!stat.ok || !diff.ok) return { ok: false, message: `git diff ${diffArgs.join(' ')} failed: ${(stat.stderr || diff.stderr).trim()}` };
  const untrackedFiles = untracked.stdout.split('\n').filter(Boolean);
  return {
    ok: true,
    value: { description, diffCommand: `git diff ${diffArgs.join(' ')}`, stat: stat.stdout, diff: diff.stdout + (await untrackedDiff(untrackedFiles, cwd)), untracked: untrackedFiles },
  };
}

/** New files are usually untracked until committed; diff them against nothing so the analyzers see them too. */
async function untrackedDiff(files: readonly string[], cwd: string): Promise<string> {
  const parts: string[] = [];
  for (const file of files.slice(0, MAX_UNTRACKED)) {
    // git diff --no-index exits 1 when the files differ, which they always do here.
    const r = await git(['diff', '--no-index', '--', '/dev/null', file], cwd);
    parts.push(r.stdout);
  }
  return parts.join('');
}

/** origin's default branch if known, else a local main or master. */
async function defaultBranch(cwd: string): Promise<string | undefined> {
  const remote = await git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], cwd);
  if (remote.ok && remote.stdout.trim()) return remote.stdout.trim();
  const current = (await git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd)).stdout.trim();
  for (const name of ['main', 'master']) {
    if (name === current) continue;
    if ((await git(['rev-parse', '--verify', '--quiet', `refs/heads/${name}`], cwd)).ok) return name;
  }
  return undefined;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
