import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyzerErrorSchema, findingSchema } from '../../../src/analyzers/finding.ts';
import { detectMigration, lintMigration, MIGRATION_TOOLS, type MigrationLintResult } from '../../../src/analyzers/migrations/index.ts';
import { migrationFixtures } from './fixtures.ts';

const fixtures = migrationFixtures();

function wellFormed(result: MigrationLintResult): boolean {
  if (result.ok) return result.findings.every((f) => findingSchema.safeParse(f).success);
  return analyzerErrorSchema.safeParse(result.error).success;
}

/** Real migrations with slices cut out, repeated or replaced: the broken syntax of a file mid-edit. */
const mutated = fc
  .tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 80 }), fc.constantFrom('cut', 'dup', 'junk')), { maxLength: 6 }), fc.string({ maxLength: 30 }))
  .map(([fixture, edits, junk]) => {
    let text = fixture.text;
    for (const [at, length, edit] of edits) {
      const i = at % (text.length + 1);
      if (edit === 'cut') text = text.slice(0, i) + text.slice(i + length);
      else if (edit === 'dup') text = text.slice(0, i) + text.slice(i, i + length) + text.slice(i);
      else text = text.slice(0, i) + junk + text.slice(i);
    }
    return { file: fixture.file, tool: fixture.tool, text };
  });

const random = fc.record({
  file: fc.constantFrom('db/migrations/1.js', 'db/migrations/1.ts', 'alembic/versions/1.py', 'shop/migrations/0001_x.py'),
  tool: fc.constantFrom(...MIGRATION_TOOLS),
  text: fc.string({ maxLength: 400 }),
});

describe('lintMigration never throws', () => {
  test('on mutated and random migrations, with or without a line filter, it returns findings or a structured error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, random), fc.boolean(), fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }), { nil: undefined }), async ({ file, tool, text }, force, lines) => {
        expect(() => detectMigration(file, text)).not.toThrow();
        const result = await lintMigration(text, { file, ...(force ? { tool } : {}), ...(lines ? { lines: new Set(lines) } : {}) });
        expect(wellFormed(result)).toBe(true);
        if (result.ok && lines) expect(result.findings.every((f) => lines.includes(f.line))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
