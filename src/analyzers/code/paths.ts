/**
 * Test code and fixtures are not production code: fake secrets and deliberately bad queries live there on purpose.
 * Covers the usual layouts of JavaScript/TypeScript, Python and Go projects.
 */
const TEST_DIR = /(^|\/)(test|tests|__tests__|__mocks__|spec|specs|fixtures|testdata|e2e)\//i;
const TEST_FILE = /(_test\.go|\.(test|spec)\.[cm]?[jt]sx?|_test\.py|(^|\/)test_[^/]*\.py|(^|\/)conftest\.py)$/i;

export function isTestPath(file: string): boolean {
  const normalized = file.replace(/\\/g, '/');
  return TEST_DIR.test(normalized) || TEST_FILE.test(normalized);
}
