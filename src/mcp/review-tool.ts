import { analyzeDiff } from '../review/analyze.ts';
import { git, isRevision } from '../review/git.ts';
import { resolveTarget } from '../review/target.ts';
import { toToolResult, type ToolResult } from './tools.ts';

const toolError = (text: string): ToolResult => ({ isError: true, content: [{ type: 'text', text }] });

/** review_diff: a diff text, or the repository in cwd against a base; git runs without a shell, on validated refs. */
export async function reviewTool(base: string | undefined, diff: string | undefined, cwd: string): Promise<ToolResult> {
  if (base !== undefined && diff !== undefined) return toolError('give either base or diff, not both');
  if (diff !== undefined) return withSummary(toToolResult(await analyzeDiff(diff, cwd), 'Review findings'), 'the given diff');
  if (base !== undefined && !isRevision(base)) return toolError(`"${base}" is not a git ref (branch, tag or commit)`);
  const resolved = await resolveTarget(base === undefined ? { kind: 'worktree' } : { kind: 'ref', ref: base }, cwd);
  if (!resolved.ok) return toolError(resolved.message);
  const root = (await git(['rev-parse', '--show-toplevel'], cwd)).stdout.trim() || cwd;
  const result = toToolResult(await analyzeDiff(resolved.value.diff ?? '', root), 'Review findings');
  return withSummary(result, `${resolved.value.description}\n${resolved.value.stat.trimEnd()}`);
}

function withSummary(result: ToolResult, target: string): ToolResult {
  if (result.isError || !result.structuredContent) return result;
  const summary = `Target: ${target}\n${result.structuredContent.summary}`;
  return { content: [{ type: 'text', text: `Target: ${target}\n\n${result.content[0]!.text}` }], structuredContent: { ...result.structuredContent, summary } };
}
