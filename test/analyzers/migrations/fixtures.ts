import fs from 'node:fs';
import path from 'node:path';
import type { MigrationTool } from '../../../src/analyzers/migrations/index.ts';

export const MIGRATION_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/analyzers/migrations');

/**
 * Migration fixtures live in <tool>/<rule>/<name> and describe themselves in comments (`#` or `//`):
 *   ... expect: rule-a, rule-b       findings expected on this line
 *   expect@N: rule                   a finding expected on line N (for SQL inside a string)
 *   migration-options: {...}         options for lintMigration (createdTables, pgVersion)
 * Each is linted under a path its tool uses: db/migrations/, alembic/versions/, shop/migrations/.
 */
export interface MigrationFixture {
  tool: MigrationTool;
  rule: string;
  name: string;
  /** The path the analyzer is told. */
  file: string;
  text: string;
  options: { createdTables?: string[]; pgVersion?: number };
  /** `rule:line`, sorted. */
  expected: string[];
}

const VIRTUAL_DIR: Record<MigrationTool, string> = { knex: 'db/migrations', alembic: 'alembic/versions', django: 'shop/migrations' };

export function migrationFixtures(): MigrationFixture[] {
  const fixtures: MigrationFixture[] = [];
  for (const tool of Object.keys(VIRTUAL_DIR) as MigrationTool[]) {
    for (const rule of fs.readdirSync(path.join(MIGRATION_FIXTURES, tool)).sort()) {
      for (const name of fs.readdirSync(path.join(MIGRATION_FIXTURES, tool, rule)).sort()) {
        const text = fs.readFileSync(path.join(MIGRATION_FIXTURES, tool, rule, name), 'utf8');
        const expected: string[] = [];
        let options = {};
        text.split('\n').forEach((line, i) => {
          const opts = /(?:#|\/\/)\s*migration-options:\s*(\{.*\})\s*$/.exec(line);
          if (opts?.[1]) options = JSON.parse(opts[1]) as object;
          const marker = /(?:#|\/\/)\s*expect(?:@(\d+))?:\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/.exec(line);
          if (marker?.[2]) for (const id of marker[2].split(',')) expected.push(`${id.trim()}:${marker[1] ? Number(marker[1]) : i + 1}`);
        });
        fixtures.push({ tool, rule, name, file: `${VIRTUAL_DIR[tool]}/${name}`, text, options, expected: expected.sort() });
      }
    }
  }
  return fixtures;
}
