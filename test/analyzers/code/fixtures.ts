import fs from 'node:fs';
import path from 'node:path';

export const CODE_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/analyzers/code');

/**
 * Fake credentials in the shapes the token detectors look for, assembled from pieces so that no file in the
 * repository holds a string that secret scanners or push protection would take for a real credential.
 */
const FAKE_SECRETS: Record<string, string> = {
  __AWS_ACCESS_KEY_ID__: ['AKIA', 'Z7Q2LKF3', 'M4N5P6QR'].join(''),
  __STRIPE_SECRET_KEY__: ['sk', 'live', '51HcWq2LkT9vX8bN4mZ7rP0aQ'].join('_'),
  __STRIPE_RESTRICTED_KEY__: ['rk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
  __GITHUB_TOKEN__: ['ghp', 'R8mK2vQ9xL4nT7pW3zY6bC1dF5gH0jS2aE8u'].join('_'),
  __SLACK_BOT_TOKEN__: ['xoxb', '2938475610', '9384756102', 'aB3dE5fG7hJ9kL1mN3pQ5rS7'].join('-'),
  __PRIVATE_KEY_BEGIN__: ['-----BEGIN RSA PRIVATE', 'KEY-----'].join(' '),
  __PRIVATE_KEY_END__: ['-----END RSA PRIVATE', 'KEY-----'].join(' '),
};

export function withFakeSecrets(text: string): string {
  return text.replace(/__[A-Z_]+__/g, (name) => FAKE_SECRETS[name] ?? name);
}

export interface CodeFixture {
  rule: string;
  name: string;
  text: string;
  /** `rule:line` for every `expect: rule` marker in the file. */
  expected: string[];
  /** The path the analyzer is told: production code, except fixtures named tests-* which stand for test files. */
  file: string;
}

export function codeFixtures(): CodeFixture[] {
  return fs
    .readdirSync(CODE_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((dir) =>
      fs
        .readdirSync(path.join(CODE_FIXTURES, dir.name))
        .filter((name) => /\.(ts|js|py|go)$/.test(name))
        .sort()
        .map((name) => {
          const text = withFakeSecrets(fs.readFileSync(path.join(CODE_FIXTURES, dir.name, name), 'utf8'));
          const expected = text.split('\n').flatMap((line, i) => {
            const marker = /expect: ([\w, -]+)/.exec(line)?.[1];
            return marker ? marker.split(',').map((rule) => `${rule.trim()}:${i + 1}`) : [];
          });
          const file = name.startsWith('tests-') ? `tests/${name.slice(6)}` : `src/${dir.name}/${name}`;
          return { rule: dir.name, name, text, expected, file };
        }),
    );
}
