export { detectMigration, MIGRATION_TOOLS, migrationToolSchema, type MigrationTool } from './detect.ts';
export { lintMigration, migrationLintOptionsSchema, MAX_MIGRATION_CHARS, type MigrationLintOptions, type MigrationLintResult } from './lint.ts';
