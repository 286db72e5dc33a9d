import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyzeSource } from '../../../src/analyzers/code/analyze.ts';
import { reviewDiff } from '../../../src/analyzers/review.ts';
import { expectWellFormed, mutated } from '../../helpers/fuzz.ts';
import { codeFixtures } from './fixtures.ts';

const fixtures = codeFixtures();

const mutatedSource = mutated(fixtures).map(({ file, text }) => ({ file, text }));

describe('analyzeSource and reviewDiff never throw', () => {
  test('analyzeSource on random and mutated source, with and without line filters', async () => {
    const files = fc.constantFrom('src/a.ts', 'src/a.tsx', 'src/a.js', 'src/a.py', 'src/a.go');
    const input = fc.oneof(fc.record({ file: files, text: fc.string({ maxLength: 300 }) }), mutatedSource);
    await fc.assert(
      fc.asyncProperty(input, fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 80 }), { maxLength: 10 }), { nil: undefined }), async ({ file, text }, lines) => {
        const result = await analyzeSource(text, { file, ...(lines ? { lines: new Set(lines) } : {}) });
        expectWellFormed(result, text);
        if (result.ok && lines) expect(result.findings.every((f) => lines.includes(f.line))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('reviewDiff on diffs built from mutated source', async () => {
    const diffOf = mutatedSource.map(({ file, text }) => {
      const lines = text.split('\n');
      return `diff --git a/${file} b/${file}\nnew file mode 100644\n--- /dev/null\n+++ b/${file}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`;
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(diffOf, fc.string({ maxLength: 300 })), async (diff) => {
        expectWellFormed(await reviewDiff(diff));
      }),
      { numRuns: 200 },
    );
  });
});
