import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingSchema, ruleInfoSchema } from '../../../src/analyzers/finding.ts';
import { MAX_OPENAPI_CHARS, OPENAPI_RULES, lintOpenApi } from '../../../src/analyzers/openapi/index.ts';
import { FIXTURE_ROOT, byLocation, loadFixtures } from './fixtures.ts';

const fixtures = loadFixtures();

describe('OpenAPI lint fixtures (every finding marked, every marker found)', () => {
  for (const fixture of fixtures) {
    it(fixture.name, async () => {
      const result = await lintOpenApi(fixture.text, fixture.options);
      if (fixture.expectedError) {
        expect(result).toMatchObject({ ok: false, error: fixture.expectedError });
        return;
      }
      if (!result.ok) throw new Error(`lint failed: ${result.error.message}`);
      for (const finding of result.findings) findingSchema.parse(finding);
      const actual = result.findings.map(({ rule, line }) => ({ rule, line })).sort(byLocation);
      expect(actual).toEqual([...fixture.expected].sort(byLocation));
    });
  }
});

describe('OpenAPI rule registry', () => {
  it('has valid, unique rules with a primary source', () => {
    for (const rule of OPENAPI_RULES) ruleInfoSchema.parse(rule);
    expect(new Set(OPENAPI_RULES.map((rule) => rule.id)).size).toBe(OPENAPI_RULES.length);
  });

  for (const rule of OPENAPI_RULES) {
    it(`${rule.id} has a positive fixture that triggers it and a negative one that does not`, () => {
      const own = fixtures.filter((fixture) => fixture.name.startsWith(`rules/${rule.id}/`));
      const positives = own.filter((fixture) => fixture.name.includes('/positive'));
      const negatives = own.filter((fixture) => fixture.name.includes('/negative'));
      expect(positives.length).toBeGreaterThan(0);
      expect(negatives.length).toBeGreaterThan(0);
      for (const positive of positives) expect(positive.expected.some((expected) => expected.rule === rule.id)).toBe(true);
      for (const negative of negatives) expect(negative.expected).toEqual([]);
    });
  }
});

describe('OpenAPI lint inputs', () => {
  it('maps findings of a JSON document to its lines', async () => {
    const text = readFileSync(join(FIXTURE_ROOT, 'json/findings.json'), 'utf8');
    const result = await lintOpenApi(text, { file: 'api/openapi.json' });
    expect(result.ok && result.findings.map(({ rule, line, file }) => ({ rule, line, file }))).toEqual([
      { rule: 'problem-details', line: 12, file: 'api/openapi.json' },
      { rule: 'plural-resource-nouns', line: 7, file: 'api/openapi.json' },
    ]);
  });

  it('gives each finding its column and the source line as evidence', async () => {
    const text = readFileSync(join(FIXTURE_ROOT, 'json/findings.json'), 'utf8');
    const result = await lintOpenApi(text, { file: 'openapi.json' });
    const plural = result.ok ? result.findings.find((finding) => finding.rule === 'plural-resource-nouns') : undefined;
    expect(plural).toMatchObject({ column: 5, evidence: '"/user/{userId}": {', category: 'api', severity: 'low' });
  });

  it('suggests the plural form in the fix', async () => {
    const text = readFileSync(join(FIXTURE_ROOT, 'rules/plural-resource-nouns/positive.yaml'), 'utf8');
    const result = await lintOpenApi(text, { file: 'positive.yaml' });
    const fixes = result.ok ? result.findings.map((finding) => finding.fix) : [];
    expect(fixes).toEqual(['users', 'order-items', 'categories', 'analyses'].map((plural) => `Name the collection with a plural noun: "${plural}".`));
  });

  it('follows relative file references only with a baseDir', async () => {
    const text = readFileSync(join(FIXTURE_ROOT, 'refs/external-plain-error.yaml'), 'utf8');
    const result = await lintOpenApi(text, { file: 'external-plain-error.yaml' });
    expect(result).toEqual({ ok: true, findings: [] });
  });

  it('explains why a reference was refused, without absolute paths', async () => {
    const text = readFileSync(join(FIXTURE_ROOT, 'rules/ref-resolves/positive.yaml'), 'utf8');
    const result = await lintOpenApi(text, { file: 'positive.yaml', baseDir: join(FIXTURE_ROOT, 'rules/ref-resolves') });
    const messages = result.ok ? result.findings.map((finding) => finding.message) : [];
    expect(messages).toContain('unresolved $ref: ../../good-3.1.yaml: outside the base directory, not read');
    expect(messages).toContain('unresolved $ref: https://example.com/errors.yaml: only local files are followed, URLs are not fetched');
    expect(messages.join('\n')).not.toContain(FIXTURE_ROOT);
  });

  it('does not follow a symlink out of the base directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
    try {
      const base = join(root, 'api');
      mkdirSync(base);
      writeFileSync(join(root, 'secret.yaml'), 'description: secret\n');
      symlinkSync(join(root, 'secret.yaml'), join(base, 'escape.yaml'));
      const text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '404': {$ref: './escape.yaml'}\n";
      const result = await lintOpenApi(text, { file: 'openapi.yaml', baseDir: base });
      const refusal = result.ok ? result.findings.find((finding) => finding.rule === 'ref-resolves') : undefined;
      expect(refusal).toMatchObject({ line: 7, message: 'unresolved $ref: escape.yaml: outside the base directory, not read' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('lints nothing in a components-only 3.1 document', async () => {
    const result = await lintOpenApi('openapi: 3.1.0\ninfo: {title: Parts, version: 1.0.0}\ncomponents: {schemas: {A: {type: string}}}\n', { file: 'parts.yaml' });
    expect(result).toEqual({ ok: true, findings: [] });
  });

  it('rejects a document over the size limit', async () => {
    const result = await lintOpenApi(`openapi: 3.1.0\n#${'x'.repeat(MAX_OPENAPI_CHARS)}`, { file: 'huge.yaml' });
    expect(result).toMatchObject({ ok: false, error: { code: 'input-too-large', file: 'huge.yaml' } });
  });

  it('rejects invalid options', async () => {
    const result = await lintOpenApi('openapi: 3.1.0', { file: '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('rejects a baseDir that does not exist', async () => {
    const text = readFileSync(join(FIXTURE_ROOT, 'good-3.1.yaml'), 'utf8');
    const missing = join(FIXTURE_ROOT, 'no-such-directory');
    expect(existsSync(missing)).toBe(false);
    const result = await lintOpenApi(text, { file: 'good-3.1.yaml', baseDir: missing });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('refuses an alias bomb instead of expanding it', async () => {
    const levels = Array.from({ length: 12 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`);
    const text = ['openapi: 3.1.0', 'info: {title: Bomb, version: 1.0.0}', 'paths: {}', 'x-bomb:', '  l0: &l0 [lol]', ...levels.map((line) => `  ${line}`)].join('\n');
    const result = await lintOpenApi(text, { file: 'bomb.yaml' });
    expect(result).toMatchObject({ ok: false, error: { code: 'parse-error' } });
  });
});
