import { z } from 'zod';
import { type AnalyzerResult, type Finding, safely, safelyAsync } from '../finding.ts';
import { displayTable } from './ast.ts';
import { buildContext, createdTablesOf } from './context.ts';
import { describeMigrationFile } from './migration-file.ts';
import { isSqlParserLoaded, loadSqlParser, parseStatements } from './parser.ts';
import { sourceText } from './positions.ts';
import { checkSafety } from './safety-rules.ts';
import { checkSchema } from './schema-rules.ts';
import { checkDownMigration } from './down-migration.ts';

/** PostgreSQL DDL and migration lint, on the real PostgreSQL 18 grammar (libpg-query). */

export const sqlLintOptionsSchema = z.object({
  /** Path reported in findings; its name also tells the migration style (`*.up.sql`). */
  file: z.string().min(1),
  /** Target PostgreSQL major version: decides fast defaults (11), CHECK-backed SET NOT NULL (12), NOT NULL NOT VALID (18). */
  pgVersion: z.number().min(9).max(100).default(16),
  /** The migration tool wraps each file in a transaction (as squawk's --assume-in-transaction). goose and dbmate files are detected. */
  assumeInTransaction: z.boolean().default(false),
  /** Tables created earlier in the same migration set (for example the previous result's createdTables). */
  createdTables: z.array(z.string().min(1)).default([]),
  /** File names in the same folder, to find the `.down.sql` of an `.up.sql`; without it that check is skipped. */
  siblings: z.array(z.string()).optional(),
});
export type SqlLintOptions = z.input<typeof sqlLintOptionsSchema>;

/** Findings plus the tables this file creates, to pass as createdTables when linting the next migration. */
export type SqlLintResult = AnalyzerResult<{ createdTables: string[] }>;

/** UTF-8 bytes; a large schema dump fits, the parser's JSON tree for more would cost hundreds of MB. */
export const MAX_SQL_BYTES = 4 * 1024 * 1024;

// Lone surrogates are not valid UTF-8 and would confuse the wasm string copy; U+FFFD keeps string length and byte count.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function lintLoaded(input: string, rawOptions: SqlLintOptions): SqlLintResult {
  const parsedOptions = sqlLintOptionsSchema.safeParse(rawOptions);
  if (!parsedOptions.success) {
    return { ok: false, error: { code: 'invalid-argument', message: `invalid SQL lint options: ${z.prettifyError(parsedOptions.error)}` } };
  }
  const options = parsedOptions.data;
  if (typeof input !== 'string') return { ok: false, error: { code: 'invalid-argument', message: 'SQL text must be a string', file: options.file } };
  const bytes = Buffer.byteLength(input, 'utf8');
  if (bytes > MAX_SQL_BYTES) {
    return { ok: false, error: { code: 'input-too-large', message: `SQL input is ${bytes} bytes; the limit is ${MAX_SQL_BYTES}`, file: options.file } };
  }
  const text = input.replace(LONE_SURROGATE, '\ufffd');
  const src = sourceText(text);
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    return { ok: false, error: { code: 'unsupported-input', message: 'SQL text contains a NUL character (binary file?)', file: options.file, line: src.atIndex(nul).line } };
  }

  const parsed = parseStatements(text);
  if (!parsed.ok) {
    const position = parsed.cursor === undefined ? undefined : src.atCodePoint(parsed.cursor);
    return {
      ok: false,
      error: {
        code: 'parse-error',
        message: position ? `${parsed.message} (line ${position.line}, column ${position.column})` : parsed.message,
        file: options.file,
        ...(position ? { line: position.line } : {}),
      },
    };
  }

  const findings: Finding[] = [];
  const migration = describeMigrationFile(text, options.file, options.siblings, options.assumeInTransaction);
  const ctx = buildContext(src, options.file, options.pgVersion, migration, parsed.stmts, options.createdTables, findings);
  checkSchema(ctx);
  checkSafety(ctx);
  checkDownMigration(ctx);
  findings.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.rule.localeCompare(b.rule));
  return { ok: true, findings, createdTables: createdTablesOf(parsed.stmts).map(displayTable) };
}

/** Lints one SQL file; loads the parser on first use. Never throws. */
export async function lintSql(text: string, options: SqlLintOptions): Promise<SqlLintResult> {
  return safelyAsync(async () => {
    await loadSqlParser();
    return lintLoaded(text, options);
  });
}

/** Synchronous lint for hooks, once `loadSqlParser()` has resolved. Never throws. */
export function lintSqlSync(text: string, options: SqlLintOptions): SqlLintResult {
  return safely(() =>
    isSqlParserLoaded()
      ? lintLoaded(text, options)
      : { ok: false, error: { code: 'internal', message: 'SQL parser not loaded: await loadSqlParser() before lintSqlSync()' } },
  );
}
