import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findingsOutput, READ_ONLY, textInput, toToolResult } from './tools.ts';

export const SERVER_NAME = 'backend-tools';

const INSTRUCTIONS = `Deterministic backend analyzers (no network, read-only). Use them to check work before you report it:
- lint_sql: PostgreSQL DDL or a migration you wrote or were shown; catches locking DDL (CREATE INDEX without CONCURRENTLY, validating foreign keys, SET NOT NULL, type changes), money as float, missing keys, timestamps and FK indexes.
- lint_openapi: an OpenAPI 3.0/3.1 document; checks plural nouns, a version prefix, pagination on lists, RFC 9457 errors, security, operationIds, 4xx responses.
- analyze_plan: PostgreSQL EXPLAIN output (JSON or text as psql prints it); says where the time went and flags filtered seq scans, misestimates, spills, nested loops, missing workers.
- review_diff: the changes of the current git repository (against a base ref, default: the default branch) or a unified diff you pass; security, performance, schema and migration rules on added lines of TypeScript/JavaScript, Python, Go and SQL.
Findings are candidates: confirm each against the code before reporting it.`;

declare const PROAGENT_VERSION: string | undefined;

/** The MCP server; analyzers load on the first call that needs them, so start-up stays fast. */
export function createServer(): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version: typeof PROAGENT_VERSION === 'string' ? PROAGENT_VERSION : 'dev' }, { instructions: INSTRUCTIONS });

  server.registerTool(
    'lint_sql',
    {
      title: 'Lint PostgreSQL DDL and migrations',
      description: 'Checks PostgreSQL DDL or a migration for locking operations and schema mistakes, with the real PostgreSQL parser. Returns findings with rule, severity, line, message and fix.',
      inputSchema: {
        sql: textInput('sql'),
        file: z.string().max(500).default('migration.sql').describe('the file name, for findings and migration-tool detection (goose, dbmate, *.up.sql)'),
        pg_version: z.number().int().min(10).max(30).default(16).describe('PostgreSQL major version; some answers depend on it'),
        assume_in_transaction: z.boolean().default(false).describe('true when the migration tool wraps each file in a transaction'),
        created_tables: z.array(z.string().max(200)).max(1000).default([]).describe('tables created by earlier migrations of the same set, which are still empty'),
      },
      outputSchema: findingsOutput,
      annotations: { title: 'Lint SQL', ...READ_ONLY },
    },
    async ({ sql, file, pg_version, assume_in_transaction, created_tables }) => {
      const { lintSql } = await import('../analyzers/sql/index.ts');
      return toToolResult(await lintSql(sql, { file, pgVersion: pg_version, assumeInTransaction: assume_in_transaction, createdTables: created_tables }), 'SQL findings');
    },
  );

  server.registerTool(
    'lint_openapi',
    {
      title: 'Lint an OpenAPI document',
      description: "Checks an OpenAPI 3.0/3.1 document (YAML or JSON) against the practice's REST conventions. External $refs are not followed. Returns findings with rule, severity, line, message and fix.",
      inputSchema: {
        document: textInput('document'),
        file: z.string().max(500).default('openapi.yaml').describe('the file name, for findings'),
      },
      outputSchema: findingsOutput,
      annotations: { title: 'Lint OpenAPI', ...READ_ONLY },
    },
    async ({ document, file }) => {
      const { lintOpenApi } = await import('../analyzers/openapi/index.ts');
      return toToolResult(await lintOpenApi(document, { file }), 'OpenAPI findings');
    },
  );

  server.registerTool(
    'analyze_plan',
    {
      title: 'Analyze a PostgreSQL query plan',
      description: 'Reads EXPLAIN (ANALYZE, BUFFERS) output in JSON or psql text form. Returns where the time went and findings: filtered sequential scans of large tables, row misestimates, sorts and hashes spilling to disk, nested loops with many loops, workers planned but not launched.',
      inputSchema: {
        plan: textInput('plan'),
        large_relation_rows: z.number().int().min(1).default(10_000).describe('rows from which a sequential scan counts as large'),
      },
      outputSchema: findingsOutput,
      annotations: { title: 'Analyze plan', ...READ_ONLY },
    },
    async ({ plan, large_relation_rows }) => {
      const { analyzePlan } = await import('../analyzers/explain/index.ts');
      return toToolResult(analyzePlan(plan, { file: 'plan', largeRelationRows: large_relation_rows }), 'Plan findings');
    },
  );

  server.registerTool(
    'review_diff',
    {
      title: 'Review a diff with the deterministic rules',
      description: "Runs the security, performance, schema and migration rules on the added lines of a diff. Give `base` to review the session repository's working tree against that ref (or neither, for the default branch), or `diff` to review a unified diff text.",
      inputSchema: {
        base: z.string().max(200).optional().describe('a branch, tag or commit; the working tree is compared with its merge-base'),
        diff: textInput('diff').optional().describe('a unified diff as git diff prints it'),
      },
      outputSchema: findingsOutput,
      annotations: { title: 'Review diff', ...READ_ONLY },
    },
    async ({ base, diff }) => {
      const { reviewTool } = await import('./review-tool.ts');
      return reviewTool(base, diff, process.cwd());
    },
  );

  return server;
}
