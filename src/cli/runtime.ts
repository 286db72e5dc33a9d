import type { Io } from './io.ts';
import { EXPLAIN_USAGE, explainCommand } from './commands/explain.ts';
import { LINT_OPENAPI_USAGE, lintOpenApiCommand } from './commands/lint-openapi.ts';
import { LINT_SQL_USAGE, lintSqlCommand } from './commands/lint-sql.ts';
import { REVIEW_USAGE, reviewCommand } from './commands/review.ts';

type Command = (argv: string[], io: Io) => Promise<number>;

/** The commands that ship inside the plugin bundle; they run with plain node and no node_modules. */
const COMMANDS: Record<string, { run: Command; usage: string }> = {
  review: { run: reviewCommand, usage: REVIEW_USAGE },
  'lint-sql': { run: lintSqlCommand, usage: LINT_SQL_USAGE },
  'lint-openapi': { run: lintOpenApiCommand, usage: LINT_OPENAPI_USAGE },
  explain: { run: explainCommand, usage: EXPLAIN_USAGE },
};

export const RUNTIME_COMMANDS = Object.keys(COMMANDS);
export const RUNTIME_USAGE = `usage:\n${Object.values(COMMANDS).map((c) => `  ${c.usage.replace(/\n/g, '\n  ')}`).join('\n\n')}\n\nexit status: 0 nothing at or above --fail-on (default high), 1 findings at or above it, 2 usage or input error`;

export async function runRuntime(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`proagent-backend: ${name ? `unknown command "${name}"` : 'missing command'}\n\n${RUNTIME_USAGE}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // parseArgs reports unknown or malformed options by throwing; that is a usage error, not a crash.
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`proagent-backend ${name}: ${(error as Error).message}\n\n${command.usage}`);
      return 2;
    }
    throw error;
  }
}
