import { z } from 'zod';

/**
 * Which ORM migration a file is, from its path and a few lines of its content. Plain regular expressions only:
 * hooks call this on every edit before deciding whether to load a parser.
 */

export const MIGRATION_TOOLS = ['knex', 'alembic', 'django'] as const;
export const migrationToolSchema = z.enum(MIGRATION_TOOLS);
export type MigrationTool = z.infer<typeof migrationToolSchema>;

const JS_FILE = /\.(?:[cm]?js|[cm]?ts)$/i;
const PY_FILE = /\.py$/i;

// knex: an exported up function (CommonJS or ESM) plus knex itself, by import, parameter type or schema builder use.
const KNEX_UP = /(?:^|[\s;])(?:module\.)?exports\.up\s*=|export\s+(?:async\s+)?function\s+up\s*\(|export\s+const\s+up\s*=|module\.exports\s*=\s*\{[^]*?\bup\b/m;
const KNEX_USE = /\bfrom\s+['"]knex['"]|require\(\s*['"]knex['"]\s*\)|\bKnex\b|\.schema\s*\.\s*(?:createTable|alterTable|table|raw|renameTable|withSchema)\b|\bknex\s*\.\s*(?:raw|schema)\b/;
const MIGRATIONS_DIR = /(?:^|\/)migrations?\//i;

const ALEMBIC_IMPORT = /^\s*from\s+alembic\s+import\s+[^\n]*\bop\b|^\s*import\s+alembic\b|^\s*from\s+alembic\.op\s+import\b/m;
const ALEMBIC_PATH = /(?:^|\/)versions\/[^/]+\.py$/i;
const ALEMBIC_REVISION = /^\s*down_revision\s*[:=]/m;
const PY_UPGRADE = /^def\s+upgrade\s*\(/m;

const DJANGO_IMPORT = /^\s*from\s+django\.db\s+import\s+[^\n]*\bmigrations\b/m;
const DJANGO_CLASS = /^class\s+\w+\s*\(\s*(?:migrations\.)?Migration\s*\)/m;

export function detectMigration(file: string, text: string): MigrationTool | undefined {
  const path = file.replace(/\\/g, '/');
  if (PY_FILE.test(path)) {
    if (DJANGO_IMPORT.test(text) && DJANGO_CLASS.test(text)) return 'django';
    if (PY_UPGRADE.test(text) && (ALEMBIC_IMPORT.test(text) || (ALEMBIC_PATH.test(path) && ALEMBIC_REVISION.test(text)))) return 'alembic';
    return undefined;
  }
  // Sequelize and TypeORM migrations also export up, but never use a knex schema builder or knex.raw.
  if (JS_FILE.test(path) && !/\.d\.[cm]?ts$/i.test(path) && KNEX_UP.test(text) && KNEX_USE.test(text)) {
    return MIGRATIONS_DIR.test(path) || /['"]knex['"]/.test(text) ? 'knex' : undefined;
  }
  return undefined;
}
