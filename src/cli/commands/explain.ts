import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { analyzePlan, EXPLAIN_RULES } from '../../analyzers/explain/index.ts';
import type { Io } from '../io.ts';
import { emitFindings, findingOptions, readFindingFlags } from '../output.ts';

export const EXPLAIN_USAGE = `proagent-backend explain FILE|- [--large-relation-rows N] [--format text|json|markdown|sarif] [--fail-on SEVERITY]
  A PostgreSQL plan: EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) output or a text plan as psql prints it
  (- reads standard input); prints where the time went and the plan's problems.`;

export async function explainCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...findingOptions, 'large-relation-rows': { type: 'string', default: '10000' } } });
  const flags = readFindingFlags(parsed.values);
  if (typeof flags === 'string') return usage(io, flags);
  const largeRelationRows = Number(parsed.values['large-relation-rows']);
  if (!Number.isInteger(largeRelationRows) || largeRelationRows < 1) return usage(io, '--large-relation-rows takes a positive whole number');
  if (parsed.positionals.length !== 1) return usage(io, 'give one plan file, or - for standard input');
  const source = parsed.positionals[0]!;
  let text: string;
  try {
    text = source === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(source, 'utf8');
  } catch (error) {
    io.err(`proagent-backend explain: cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return 2;
  }
  const file = source === '-' ? 'plan' : source;
  const result = analyzePlan(text, { file, largeRelationRows });
  if (!result.ok) {
    io.err(`proagent-backend explain: ${file}${result.error.line ? `:${result.error.line}` : ''}: ${result.error.code}: ${result.error.message}`);
    return 2;
  }
  return emitFindings(io, result.findings, EXPLAIN_RULES, flags, { summary: result.summary, title: 'Plan findings' });
}

function usage(io: Io, message: string): number {
  io.err(`proagent-backend explain: ${message}\n\n${EXPLAIN_USAGE}`);
  return 2;
}
