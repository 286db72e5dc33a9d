import fc from 'fast-check';
import { describe, it } from 'vitest';
import { lintOpenApi } from '../../../src/analyzers/openapi/index.ts';
import { expectWellFormed } from '../../helpers/fuzz.ts';
import { FIXTURE_ROOT, loadFixtures } from './fixtures.ts';

const documents = loadFixtures().filter((fixture) => fixture.expectedError === undefined);

const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 200 });

const mutatedFixture = fc
  .tuple(fc.constantFrom(...documents), fc.nat(), fc.nat({ max: 60 }), fc.constantFrom('', ':', '- ', '{', '}', '[', "'", '"', '\t', '\n  ', '&a', '*a', '$ref: x', '😀'))
  .map(([fixture, at, remove, insert]) => {
    const i = at % (fixture.text.length + 1);
    return fixture.text.slice(0, i) + insert + fixture.text.slice(i + remove);
  });

/** Random values where the analyzer expects OpenAPI objects: wrong types, odd keys, references anywhere. */
const ref = fc.constantFrom('#/components/schemas/A', '#/nope', './refs/shared/problem.yaml', '../outside.yaml', 'https://example.com/x.yaml', '#', '%zz');
const loose: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    ref.map(($ref) => ({ $ref })),
    fc.dictionary(
      fc.constantFrom('get', 'post', 'delete', 'parameters', 'responses', 'security', 'requestBody', 'content', 'schema', 'type', 'items', 'properties', 'allOf', 'oneOf', '200', '404', 'default', 'name', 'servers', 'url'),
      tie('value'),
      { maxKeys: 5 },
    ),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
})).value;
const openApiShaped = fc
  .record({
    openapi: fc.constantFrom('3.0.3', '3.1.0', '3.1.1'),
    info: fc.constant({ title: 'Fuzz', version: '1.0.0' }),
    paths: fc.dictionary(fc.stringMatching(/^\/[a-zA-Z{}_\-/:.]{0,20}$/), loose, { maxKeys: 4 }),
    security: fc.option(loose, { nil: undefined }),
    servers: fc.option(loose, { nil: undefined }),
    components: fc.option(loose, { nil: undefined }),
  })
  .map((document) => JSON.stringify(document, null, 1));

describe('OpenAPI lint never throws', () => {
  it('returns findings or a structured, non-internal error for random, mutated and OpenAPI-shaped input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText, mutatedFixture, openApiShaped), fc.boolean(), async (text, withBaseDir) => {
        const result = await lintOpenApi(text, { file: 'fuzz.yaml', ...(withBaseDir ? { baseDir: FIXTURE_ROOT } : {}) });
        expectWellFormed(result, text);
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
