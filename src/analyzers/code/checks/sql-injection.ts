import type { Check } from '../check.ts';
import { sqlArgument } from '../sql.ts';

const FIX: Record<string, string> = {
  js: 'Pass values as parameters ($1 or ? placeholders plus a values array) or use a tagged template (sql`...`, Prisma $queryRaw`...`); allow-list identifiers such as column names.',
  python: 'Pass values as parameters: cursor.execute("... WHERE id = %s", (value,)) or SQLAlchemy text("... :id") with bound params; allow-list identifiers.',
  go: 'Use placeholders ($1 or ?) and pass the values as arguments to Query/Exec; never fmt.Sprintf values into SQL; allow-list identifiers.',
};

/** A statement built from run-time values that reaches a query call, directly or through a variable of the same function. */
export const sqlInjection: Check = (source) =>
  source.calls.flatMap((call) => {
    const arg = sqlArgument(source, call);
    if (!arg?.info.dynamic) return [];
    const through = arg.info.via.length > 0 ? ' (built in a variable first)' : '';
    return [
      {
        rule: 'sql-injection' as const,
        at: [arg.node, ...arg.info.via.slice().reverse(), call.node],
        message: `SQL built from run-time values reaches ${call.callee}()${through}: a value can change the statement.`,
        fix: FIX[source.family] ?? FIX.js ?? '',
      },
    ];
  });
