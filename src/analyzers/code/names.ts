/** Classifies identifiers by their words (`DB_PASSWORD`, `jwtSecret`, `apiKey` ...), shared by the secret rules. */

/** Splits snake_case, kebab-case, dotted and camelCase names into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

const SECRET_NOUNS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials']);
const KEY_QUALIFIERS = new Set(['api', 'secret', 'private', 'access', 'signing', 'encryption', 'master', 'client', 'auth', 'app', 'license']);
const BOOLEAN_PREFIXES = new Set(['is', 'has', 'should', 'can', 'use', 'enable', 'enabled', 'require', 'requires', 'max', 'min', 'num', 'count']);

/** A name whose value is a credential: `password`, `DB_PASSWORD`, `jwtSecret`, `SECRET_KEY`, `api_key`, `github_token`. */
export function isSecretName(name: string): boolean {
  const w = words(name);
  const last = w[w.length - 1];
  if (last === undefined || BOOLEAN_PREFIXES.has(w[0] ?? '')) return false;
  if (SECRET_NOUNS.has(last)) return true;
  return last === 'key' && w.slice(0, -1).some((word) => KEY_QUALIFIERS.has(word));
}

const SENSITIVE_EXTRA = new Set(['authorization', 'cookie', 'cookies']);

/** A name whose value must not be logged: the secret names plus Authorization headers and cookies. */
export function isSensitiveName(name: string): boolean {
  const w = words(name);
  const last = w[w.length - 1];
  if (last === undefined || BOOLEAN_PREFIXES.has(w[0] ?? '')) return false;
  if (SENSITIVE_EXTRA.has(last)) return true;
  if (last === 'header' && w.includes('auth')) return true;
  return isSecretName(name);
}

const NOT_A_PASSWORD = new Set(['token', 'hash', 'digest', 'salt', 'length', 'len', 'reset', 'url', 'id', 'policy', 'field']);

/** A name holding a user's password (the input of a password hash); `reset_password_token` is a token, not a password. */
export function isPasswordName(name: string): boolean {
  const w = words(name);
  if (NOT_A_PASSWORD.has(w[w.length - 1] ?? '')) return false;
  return name === 'pw' || w.some((word) => word === 'password' || word === 'passwd' || word === 'pwd' || word === 'passphrase');
}

/** A name conventionally bound to a caught error. */
export function isErrorName(name: string): boolean {
  return /^(e|err|error|ex|exc|exception|\w+Error|\w+Err|\w+_error|\w+_exc)$/.test(name);
}
