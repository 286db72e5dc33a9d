export { lintSql, lintSqlSync, sqlLintOptionsSchema, MAX_SQL_BYTES, type SqlLintOptions, type SqlLintResult } from './lint.ts';
export { loadSqlParser, isSqlParserLoaded } from './parser.ts';
export { SQL_RULES, type SqlRuleId } from './rules.ts';
