import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lintOpenApi, OPENAPI_RULES } from '../../analyzers/openapi/index.ts';
import type { Io } from '../io.ts';
import { emitFindings, findingOptions, readFindingFlags } from '../output.ts';

export const LINT_OPENAPI_USAGE = `proagent-backend lint-openapi FILE [--format text|json|markdown|sarif] [--fail-on SEVERITY]
  OpenAPI 3.0/3.1 (YAML or JSON) against the practice's REST conventions; relative $refs are read
  from the file's folder, URLs are never fetched.`;

export async function lintOpenApiCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...findingOptions } });
  const flags = readFindingFlags(parsed.values);
  if (typeof flags === 'string') return usage(io, flags);
  if (parsed.positionals.length !== 1) return usage(io, 'give exactly one OpenAPI file');
  const file = parsed.positionals[0]!;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`proagent-backend lint-openapi: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return 2;
  }
  const result = await lintOpenApi(text, { file, baseDir: path.dirname(path.resolve(file)) });
  if (!result.ok) {
    io.err(`proagent-backend lint-openapi: ${file}${result.error.line ? `:${result.error.line}` : ''}: ${result.error.code}: ${result.error.message}`);
    return 2;
  }
  return emitFindings(io, result.findings, OPENAPI_RULES, flags);
}

function usage(io: Io, message: string): number {
  io.err(`proagent-backend lint-openapi: ${message}\n\n${LINT_OPENAPI_USAGE}`);
  return 2;
}
