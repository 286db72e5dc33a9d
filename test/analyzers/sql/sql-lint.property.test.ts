import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintSqlSync, loadSqlParser } from '../../../src/analyzers/sql/index.ts';
import { expectWellFormed } from '../../helpers/fuzz.ts';
import { loadFixtures } from './fixtures.ts';

const fixtures = loadFixtures();

const TOKENS = [
  'CREATE', 'TABLE', 'INDEX', 'CONCURRENTLY', 'ON', 'ONLY', 'ALTER', 'ADD', 'COLUMN', 'CONSTRAINT', 'FOREIGN', 'KEY', 'REFERENCES',
  'NOT', 'NULL', 'VALID', 'VALIDATE', 'DEFAULT', 'SET', 'TYPE', 'DROP', 'RENAME', 'TO', 'PRIMARY', 'UNIQUE', 'CHECK', 'BEGIN',
  'COMMIT', 'USING', 'GENERATED', 'ALWAYS', 'AS', 'IDENTITY', 'STORED', 'users', 'price', 'real', 'numeric(12,2)', 'varchar(5)',
  'now()', 'clock_timestamp()', '(', ')', ',', ';', '.', "'", '"', '$$', '$x$', '--', '/*', '*/', '\n', ' ', 'é', '😀', '\ud800',
  '-- +goose Up\n', '-- +goose Down\n', '-- migrate:up\n', '-- +goose NO TRANSACTION\n',
];

const sqlish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join(' '));
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 200 });
const mutatedFixture = fc
  .tuple(fc.constantFrom(...fixtures), fc.nat(), fc.nat({ max: 40 }), fc.constantFrom('', ';', '(', "'", '$$', 'NOT VALID', '\n', '😀', 'ALTER TABLE'))
  .map(([fixture, at, remove, insert]) => {
    const i = at % (fixture.text.length + 1);
    return fixture.text.slice(0, i) + insert + fixture.text.slice(i + remove);
  });

describe('SQL lint never throws', () => {
  beforeAll(async () => {
    await loadSqlParser();
  });

  it('returns findings or a structured, non-internal error for random and mutated input', () => {
    fc.assert(
      fc.property(fc.oneof(sqlish, anyText, mutatedFixture), fc.constantFrom(10, 12, 16, 18), fc.boolean(), (text, pgVersion, assumeInTransaction) => {
        const result = lintSqlSync(text, { file: 'fuzz.up.sql', pgVersion, assumeInTransaction, siblings: [] });
        expectWellFormed(result, text);
        if (!result.ok && result.error.line !== undefined) expect(result.error.line).toBeLessThanOrEqual(text.split('\n').length);
      }),
      { numRuns: 200 },
    );
  });
});
