import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { detectMigration, lintMigration, MIGRATION_TOOLS } from '../../../src/analyzers/migrations/index.ts';
import { expectWellFormed, mutated } from '../../helpers/fuzz.ts';
import { migrationFixtures } from './fixtures.ts';

const fixtures = migrationFixtures();

const mutatedMigration = mutated(fixtures, { edits: 6, slice: 80, junk: 30 });

const random = fc.record({
  file: fc.constantFrom('db/migrations/1.js', 'db/migrations/1.ts', 'alembic/versions/1.py', 'shop/migrations/0001_x.py'),
  tool: fc.constantFrom(...MIGRATION_TOOLS),
  text: fc.string({ maxLength: 400 }),
});

describe('lintMigration never throws', () => {
  test('on mutated and random migrations, with or without a line filter, it returns findings or a structured error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedMigration, random), fc.boolean(), fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }), { nil: undefined }), async ({ file, tool, text }, force, lines) => {
        expect(() => detectMigration(file, text)).not.toThrow();
        const result = await lintMigration(text, { file, ...(force ? { tool } : {}), ...(lines ? { lines: new Set(lines) } : {}) });
        expectWellFormed(result, text);
        if (result.ok && lines) expect(result.findings.every((f) => lines.includes(f.line))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
