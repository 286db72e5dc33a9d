import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyzerErrorSchema, findingSchema, type AnalyzerResult } from '../../../src/analyzers/finding.ts';
import { analyzeSource } from '../../../src/analyzers/code/analyze.ts';
import { reviewDiff } from '../../../src/analyzers/review.ts';
import { codeFixtures } from './fixtures.ts';

const fixtures = codeFixtures();

function wellFormed(result: AnalyzerResult): boolean {
  if (result.ok) return result.findings.every((f) => findingSchema.safeParse(f).success);
  return analyzerErrorSchema.safeParse(result.error).success;
}

/** Real source with slices cut out, repeated or swapped: broken syntax of the kind an editor produces mid-change. */
const mutatedSource = fc
  .tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 60 }), fc.constantFrom('cut', 'dup', 'junk')), { maxLength: 5 }), fc.string({ maxLength: 20 }))
  .map(([fixture, edits, junk]) => {
    let text = fixture.text;
    for (const [at, length, edit] of edits) {
      const i = at % (text.length + 1);
      if (edit === 'cut') text = text.slice(0, i) + text.slice(i + length);
      else if (edit === 'dup') text = text.slice(0, i) + text.slice(i, i + length) + text.slice(i);
      else text = text.slice(0, i) + junk + text.slice(i);
    }
    return { file: fixture.file, text };
  });

describe('analyzeSource and reviewDiff never throw', () => {
  test('analyzeSource on random and mutated source, with and without line filters', async () => {
    const files = fc.constantFrom('src/a.ts', 'src/a.tsx', 'src/a.js', 'src/a.py', 'src/a.go');
    const input = fc.oneof(fc.record({ file: files, text: fc.string({ maxLength: 300 }) }), mutatedSource);
    await fc.assert(
      fc.asyncProperty(input, fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 80 }), { maxLength: 10 }), { nil: undefined }), async ({ file, text }, lines) => {
        const result = await analyzeSource(text, { file, ...(lines ? { lines: new Set(lines) } : {}) });
        expect(wellFormed(result)).toBe(true);
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
        expect(wellFormed(await reviewDiff(diff))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
