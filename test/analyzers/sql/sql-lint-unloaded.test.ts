import { expect, it } from 'vitest';
import { isSqlParserLoaded, lintSqlSync } from '../../../src/analyzers/sql/index.ts';

// Its own file: vitest gives each test file a fresh module graph, so the parser is not loaded yet.
it('lintSqlSync asks for loadSqlParser() instead of throwing when the parser is not loaded', () => {
  expect(isSqlParserLoaded()).toBe(false);
  const result = lintSqlSync('SELECT 1', { file: 'early.sql' });
  expect(result).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('loadSqlParser()') } });
});
