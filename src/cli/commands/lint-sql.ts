import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Finding } from '../../analyzers/finding.ts';
import { lintSql, SQL_RULES } from '../../analyzers/sql/index.ts';
import type { Io } from '../io.ts';
import { emitFindings, findingOptions, readFindingFlags } from '../output.ts';

export const LINT_SQL_USAGE = `proagent-backend lint-sql FILE... [--pg-version N] [--assume-in-transaction] [--format text|json|markdown|sarif] [--fail-on SEVERITY]
  PostgreSQL DDL and migrations: schema and migration-safety rules. Files are read in the order given,
  as one migration set: a table created by an earlier file is new for the later ones.`;

export async function lintSqlCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...findingOptions, 'pg-version': { type: 'string', default: '16' }, 'assume-in-transaction': { type: 'boolean', default: false } } });
  const flags = readFindingFlags(parsed.values);
  if (typeof flags === 'string') return usage(io, flags);
  const pgVersion = Number(parsed.values['pg-version']);
  if (!Number.isInteger(pgVersion) || pgVersion < 10 || pgVersion > 30) return usage(io, '--pg-version takes a major version such as 16');
  if (!parsed.positionals.length) return usage(io, 'give at least one SQL file');

  const findings: Finding[] = [];
  let createdTables: string[] = [];
  for (const file of parsed.positionals) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      io.err(`proagent-backend lint-sql: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return 2;
    }
    const siblings = safeList(path.dirname(file));
    const result = await lintSql(text, { file, pgVersion, assumeInTransaction: parsed.values['assume-in-transaction'], createdTables, siblings });
    if (!result.ok) {
      io.err(`proagent-backend lint-sql: ${file}${result.error.line ? `:${result.error.line}` : ''}: ${result.error.code}: ${result.error.message}`);
      return 2;
    }
    findings.push(...result.findings);
    createdTables = [...createdTables, ...result.createdTables];
  }
  return emitFindings(io, findings, SQL_RULES, flags);
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function usage(io: Io, message: string): number {
  io.err(`proagent-backend lint-sql: ${message}\n\n${LINT_SQL_USAGE}`);
  return 2;
}
