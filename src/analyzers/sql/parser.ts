import type { RawStmt } from 'libpg-query';

/** Lazily loaded libpg-query (2 MB of wasm): imported on first use so that hooks and the MCP server start fast. */
type PgQuery = typeof import('libpg-query');

let loading: Promise<PgQuery> | undefined;
let ready: PgQuery | undefined;

/** Loads the PostgreSQL parser once; afterwards the synchronous lint can run. */
export async function loadSqlParser(): Promise<void> {
  loading ??= import('libpg-query')
    .then(async (module) => {
      await module.loadModule();
      ready = module;
      return module;
    })
    .catch((error: unknown) => {
      // A failed load must not poison later attempts.
      loading = undefined;
      throw error;
    });
  await loading;
}

export function isSqlParserLoaded(): boolean {
  return ready !== undefined;
}

export type ParseOutcome =
  | { ok: true; stmts: RawStmt[] }
  | { ok: false; message: string; /** Code-point offset of PostgreSQL's error cursor, when known. */ cursor?: number };

/** Parses with the real PostgreSQL grammar. A syntax error anywhere fails the whole input. */
export function parseStatements(text: string): ParseOutcome {
  if (!ready) throw new Error('SQL parser not loaded: await loadSqlParser() first');
  // libpg-query refuses the empty string; comments only parse to no statements.
  if (text.trim() === '') return { ok: true, stmts: [] };
  try {
    return { ok: true, stmts: ready.parseSync(text).stmts ?? [] };
  } catch (error) {
    if (ready.hasSqlDetails(error)) return { ok: false, message: error.message, cursor: error.sqlDetails?.cursorPosition };
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
