import type { LintContext } from '../context.ts';
import { asArray, asObject, asString, pathEntries, returnsList, type JsonObject } from '../model.ts';
import {
  collectionNoun,
  crudVerbOf,
  isCheckableCollection,
  isInfrastructurePath,
  isKebabSegment,
  isParameterSegment,
  isPluralNoun,
  isVersionSegment,
  pathSegments,
  pluralOf,
  toKebab,
} from '../vocabulary.ts';

/** plural-resource-nouns, kebab-case-paths, no-verbs-in-paths: each offending path prefix is reported once, at the first path that has it. */
export function checkPathNaming(ctx: LintContext): void {
  const reported = new Set<string>();
  const once = (rule: string, prefix: string): boolean => {
    const key = `${rule} ${prefix}`;
    if (reported.has(key)) return false;
    reported.add(key);
    return true;
  };
  const listPaths = new Set(ctx.operations.filter(returnsList).map((op) => op.path));

  for (const [path] of pathEntries(ctx.api)) {
    const segments = pathSegments(path);
    const pointer = ['paths', path];
    segments.forEach((segment, index) => {
      const prefix = [...segments.slice(0, index).map((earlier) => (isParameterSegment(earlier) ? '{}' : earlier)), segment].join('/');
      if (isParameterSegment(segment)) {
        if (!isKebabSegment(segment) && once('kebab', prefix)) {
          ctx.report('kebab-case-paths', pointer, `path segment "${segment}" of ${path} is not kebab-case`, 'Use lowercase words separated by hyphens in the literal parts of path segments.');
        }
        return;
      }
      const name = segment.split(':')[0] ?? segment;
      if (!isKebabSegment(segment) && once('kebab', prefix)) {
        ctx.report('kebab-case-paths', pointer, `path segment "${name}" of ${path} is not kebab-case`, `Rename the segment to "${toKebab(name)}": lowercase words separated by hyphens.`);
      }
      const verb = crudVerbOf(segment);
      if (verb !== undefined) {
        if (once('verb', prefix)) {
          ctx.report('no-verbs-in-paths', pointer, `path segment "${name}" of ${path} names the action "${verb}"`, 'Name the resource in the path and let the HTTP method carry the action (GET reads, POST creates, PUT/PATCH update, DELETE removes).');
        }
        return;
      }
      const next = segments[index + 1];
      const namesCollection = next === undefined ? listPaths.has(path) : isParameterSegment(next);
      const noun = collectionNoun(name);
      if (namesCollection && noun !== undefined && isCheckableCollection(name) && !isPluralNoun(noun) && once('plural', prefix)) {
        const plural = `${name.slice(0, name.length - noun.length)}${matchCase(name.slice(name.length - noun.length), pluralOf(noun))}`;
        ctx.report('plural-resource-nouns', pointer, `collection segment "${name}" of ${path} is singular`, `Name the collection with a plural noun: "${plural}".`);
      }
    });
  }
}

/** Keeps the capital of a camelCase word when it is replaced. */
function matchCase(original: string, replacement: string): string {
  return original.charAt(0) === original.charAt(0).toUpperCase() && original.charAt(0) !== original.charAt(0).toLowerCase()
    ? replacement.charAt(0).toUpperCase() + replacement.slice(1)
    : replacement;
}

/** The path part of a server URL, with variables replaced by their defaults. */
function serverPath(server: JsonObject): string {
  const variables = asObject(server.variables) ?? {};
  const url = (asString(server.url) ?? '').replace(/\{([^}]*)\}/g, (_match, name: string) => asString(asObject(variables[name])?.default) ?? '');
  return url.replace(/^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*/i, '').split(/[?#]/)[0] ?? '';
}

/** Whether every server carries a version; undefined when no servers are declared at that level. */
function serversVersioned(servers: unknown): boolean | undefined {
  const list = (asArray(servers) ?? []).flatMap((server) => {
    const object = asObject(server);
    return object === undefined ? [] : [object];
  });
  if (list.length === 0) return undefined;
  return list.every((server) => pathSegments(serverPath(server)).some(isVersionSegment));
}

/** version-prefix: one finding when nothing is versioned, else one per path left out of the versioned API. */
export function checkVersionPrefix(ctx: LintContext): void {
  const rootVersioned = serversVersioned(ctx.api.servers) ?? false;
  const resources = pathEntries(ctx.api).filter(([path]) => !isInfrastructurePath(path));
  const unversioned = resources.filter(([path, item]) => !pathSegments(path).some(isVersionSegment) && !(serversVersioned(item.servers) ?? rootVersioned));
  if (unversioned.length === 0) return;
  if (unversioned.length === resources.length) {
    ctx.report(
      'version-prefix',
      ctx.api.servers === undefined ? ['paths'] : ['servers'],
      'the API carries no version in its paths or servers',
      'Version the API from day one: put the major version in the server URL (https://api.example.com/api/v1) or in every path (/v1/users).',
    );
    return;
  }
  for (const [path] of unversioned) {
    ctx.report('version-prefix', ['paths', path], `path ${path} is outside the versioned API`, 'Give this path the same version prefix as the rest of the API (/v1/...).');
  }
}
