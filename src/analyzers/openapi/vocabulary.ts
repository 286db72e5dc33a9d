/** Word lists and string tests behind the path rules. Lowercase throughout. */

/** A version segment: v1, v2.1, v1beta, v3-alpha2, or a date version such as 2024-06-01. */
const VERSION_SEGMENT = /^(?:v\d+(?:[._]\d+)*(?:-?(?:alpha|beta|rc)\d*)?|\d{4}-\d{2}(?:-\d{2})?)$/i;

export function isVersionSegment(segment: string): boolean {
  return VERSION_SEGMENT.test(segment);
}

export function isParameterSegment(segment: string): boolean {
  return segment.includes('{');
}

/** Segments that only prefix the API (`/api/v1`), never a resource. */
function isPrefixSegment(segment: string): boolean {
  return segment.toLowerCase() === 'api' || isVersionSegment(segment);
}

/** Non-empty path segments. */
export function pathSegments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** Static segments after the `/api/v1` prefix, with custom-method suffixes (`:cancel`) removed. */
function resourceSegments(path: string): string[] {
  const segments = pathSegments(path).filter((segment) => !isParameterSegment(segment));
  let start = 0;
  while (start < segments.length && isPrefixSegment(segments[start] ?? '')) start += 1;
  return segments.slice(start).map((segment) => segment.split(':')[0]?.toLowerCase() ?? '');
}

/** Operational endpoints served outside the resource model: probes, API docs, discovery documents. */
const INFRASTRUCTURE = new Set([
  'health', 'healthz', 'healthcheck', 'health-check', 'livez', 'readyz', 'ready', 'readiness', 'liveness', 'live', 'alive', 'ping',
  'docs', 'redoc', 'openapi', 'openapi.json', 'openapi.yaml', 'swagger', 'swagger.json', 'swagger-ui', '.well-known',
]);

/** Endpoints a caller uses before holding a credential. */
const AUTHENTICATION = new Set([
  'login', 'signin', 'sign-in', 'signup', 'sign-up', 'register', 'registration', 'token', 'refresh', 'authorize', 'callback',
  'forgot-password', 'reset-password', 'password-reset', 'verify-email', 'jwks', 'jwks.json',
]);

/** Public by convention: health and readiness probes, API docs, login/registration/token endpoints. */
export function isPublicPath(path: string): boolean {
  const segments = resourceSegments(path);
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (first === undefined || last === undefined) return false;
  return INFRASTRUCTURE.has(first) || INFRASTRUCTURE.has(last) || AUTHENTICATION.has(last);
}

/** Endpoints that conventionally live outside the versioned API (probes, docs, metrics). */
export function isInfrastructurePath(path: string): boolean {
  const first = resourceSegments(path)[0];
  return first !== undefined && (INFRASTRUCTURE.has(first) || first === 'metrics' || first === 'version');
}

/** Segments that are not collection nouns even where a collection would stand. */
const NOT_COLLECTIONS = new Set([
  ...INFRASTRUCTURE, ...AUTHENTICATION,
  'api', 'me', 'self', 'current', 'search', 'batch', 'bulk', 'export', 'import', 'upload', 'download', 'auth', 'oauth', 'oauth2',
  'admin', 'internal', 'public', 'private', 'graphql', 'feed', 'timeline', 'inbox', 'outbox', 'metrics', 'version',
]);

/** Mass nouns and gerunds whose singular form names a collection. */
const UNCOUNTABLE = new Set([
  'data', 'metadata', 'information', 'info', 'feedback', 'equipment', 'software', 'firmware', 'hardware', 'media', 'news', 'series',
  'species', 'staff', 'personnel', 'inventory', 'stock', 'content', 'traffic', 'evidence', 'advice', 'music', 'audio', 'history',
  'billing', 'pricing', 'shipping', 'tracking', 'onboarding', 'routing', 'storage', 'telemetry', 'logging', 'monitoring', 'config',
  'knowledge', 'research', 'weather', 'luggage', 'baggage', 'furniture', 'money', 'cash', 'sheep', 'deer', 'fish', 'aircraft',
  'moose', 'trout', 'salmon', 'mail', 'access', 'work', 'homework',
]);

const IRREGULAR_PLURALS = new Set([
  'people', 'children', 'men', 'women', 'feet', 'teeth', 'mice', 'geese', 'oxen', 'criteria', 'phenomena', 'indices', 'matrices',
  'vertices', 'appendices', 'alumni', 'cacti', 'fungi', 'radii', 'stimuli', 'syllabi', 'bacteria', 'curricula', 'schemata', 'dice',
]);

const IRREGULAR_SINGULARS = new Map([
  ['person', 'people'], ['child', 'children'], ['man', 'men'], ['woman', 'women'], ['foot', 'feet'], ['tooth', 'teeth'],
  ['mouse', 'mice'], ['goose', 'geese'], ['criterion', 'criteria'], ['index', 'indexes'], ['matrix', 'matrices'], ['vertex', 'vertices'],
]);

/** Singular words ending in -s that the suffix tests below would take for plurals. */
const SINGULAR_IN_S = new Set(['alias', 'atlas', 'bias', 'canvas', 'gas', 'lens', 'chaos', 'cosmos', 'ethos', 'kudos', 'iris', 'tennis', 'chassis', 'trellis']);

/** Plurals in -us (most -us words are singular Latin: status, campus, bonus). */
const PLURAL_IN_US = new Set(['menus', 'skus', 'cpus', 'gpus', 'emus', 'gnus', 'tutus', 'haikus']);

/** Words of a segment: kebab-case, snake_case and camelCase split alike. */
export function segmentWords(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[-_.\s]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** Whether a noun reads as plural (or as a mass noun that names a collection). Short or non-alphabetic words count as plural: they are acronyms or codes. */
export function isPluralNoun(word: string): boolean {
  const w = word.toLowerCase();
  if (w.length < 3 || !/^[a-z]+$/.test(w)) return true;
  if (UNCOUNTABLE.has(w) || IRREGULAR_PLURALS.has(w)) return true;
  if (SINGULAR_IN_S.has(w) || !w.endsWith('s') || w.endsWith('ss')) return false;
  if (w.endsWith('us')) return PLURAL_IN_US.has(w);
  return !(w.endsWith('sis') || w.endsWith('xis'));
}

export function pluralOf(word: string): string {
  const irregular = IRREGULAR_SINGULARS.get(word);
  if (irregular !== undefined) return irregular;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(?:s|x)is$/.test(word)) return `${word.slice(0, -2)}es`;
  if (/(?:s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** Whether the segment, where a collection stands, should be checked for plurality. */
export function isCheckableCollection(segment: string): boolean {
  const name = segment.toLowerCase();
  return !isVersionSegment(name) && !NOT_COLLECTIONS.has(name) && !name.includes('.') && /[a-z]/.test(name);
}

/** The collection noun of a segment is its last word: `order-items` names items. */
export function collectionNoun(segment: string): string | undefined {
  const words = segmentWords(segment);
  return words[words.length - 1];
}

/** CRUD verbs that repeat what the HTTP method already says. */
const CRUD_VERBS = new Set(['get', 'list', 'fetch', 'retrieve', 'create', 'add', 'insert', 'update', 'edit', 'modify', 'save', 'delete', 'remove', 'destroy']);
/** Verbs that also open compound names (`getUsers`, `delete-account`); `add` and `list` are left out because `add-ons` and `list-items` are nouns. */
const CRUD_VERB_PREFIXES = new Set(['get', 'fetch', 'retrieve', 'create', 'insert', 'update', 'modify', 'delete', 'remove', 'destroy']);

/** The CRUD verb a segment is built on, if any. */
export function crudVerbOf(segment: string): string | undefined {
  const words = segmentWords(segment.split(':')[0] ?? '');
  const first = words[0];
  if (first === undefined) return undefined;
  if (words.length === 1) return CRUD_VERBS.has(first) ? first : undefined;
  return CRUD_VERB_PREFIXES.has(first) ? first : undefined;
}

/** Lowercase words joined by hyphens, an optional leading dot (`.well-known`) and file extensions (`openapi.json`). */
const KEBAB_SEGMENT = /^\.?[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)*$/;

/** Whether a static segment is kebab-case; templated parts and custom-method suffixes are ignored. */
export function isKebabSegment(segment: string): boolean {
  const literal = (segment.split(':')[0] ?? '').replace(/\{[^}]*\}/g, '');
  if (literal === '') return true;
  if (isParameterSegment(segment)) return /^[a-z0-9.-]*$/.test(literal);
  return KEBAB_SEGMENT.test(literal);
}

export function toKebab(segment: string): string {
  return segmentWords(segment).join('-');
}

/** Query parameter names (normalised: lowercase, alphanumerics only) that page through a list. */
const PAGINATION_PARAMETERS = new Set([
  'limit', 'offset', 'page', 'pagesize', 'perpage', 'size', 'cursor', 'after', 'before', 'first', 'last', 'pagetoken', 'nextpagetoken',
  'continuationtoken', 'startingafter', 'endingbefore', 'skip', 'take', 'top', 'maxresults', 'maxitems', 'start', 'since', 'range',
]);

export function isPaginationParameter(name: string): boolean {
  const normalised = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return PAGINATION_PARAMETERS.has(normalised) || /page|paging|pagination|cursor/.test(normalised);
}
