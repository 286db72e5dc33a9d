import fc from 'fast-check';
import { expect } from 'vitest';
import { analyzerErrorSchema, findingSchema, type AnalyzerResult } from '../../src/analyzers/finding.ts';

/**
 * Real fixtures with slices cut out, repeated or replaced by junk: the broken syntax of a file in the
 * middle of an edit, which is what hooks and reviews meet most.
 */
export function mutated<T extends { text: string }>(fixtures: readonly T[], limits = { edits: 5, slice: 60, junk: 20 }): fc.Arbitrary<T> {
  const edit = fc.tuple(fc.nat(), fc.nat({ max: limits.slice }), fc.constantFrom('cut', 'dup', 'junk'));
  return fc.tuple(fc.constantFrom(...fixtures), fc.array(edit, { maxLength: limits.edits }), fc.string({ maxLength: limits.junk })).map(([fixture, edits, junk]) => {
    let text = fixture.text;
    for (const [at, length, kind] of edits) {
      const i = at % (text.length + 1);
      if (kind === 'cut') text = text.slice(0, i) + text.slice(i + length);
      else if (kind === 'dup') text = text.slice(0, i) + text.slice(i, i + length) + text.slice(i);
      else text = text.slice(0, i) + junk + text.slice(i);
    }
    return { ...fixture, text };
  });
}

/** The analyzer contract: valid findings inside the text, or a structured error that is not an internal failure. */
export function expectWellFormed(result: AnalyzerResult<object>, text?: string): void {
  const lines = text === undefined ? Infinity : text.split(/\r?\n|\r/).length;
  if (result.ok) {
    for (const finding of result.findings) {
      findingSchema.parse(finding);
      expect(finding.line).toBeLessThanOrEqual(lines);
    }
  } else {
    analyzerErrorSchema.parse(result.error);
    expect(result.error.code).not.toBe('internal');
  }
}
