import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type SwaggerParser from '@apidevtools/swagger-parser';
import type { AnalyzerError } from '../finding.ts';
import type { Pointer, RefSite } from './source.ts';

/** Referenced files are small pieces of a spec; these bounds keep a hostile `$ref` graph from reading much. */
const MAX_REF_FILE_BYTES = 2 * 1024 * 1024;
const MAX_REF_FILES = 200;
const DEREFERENCE_TIMEOUT_MS = 10_000;

type SwaggerParserClass = typeof SwaggerParser;

let parserLoading: Promise<SwaggerParserClass> | undefined;

/** Swagger Parser loads on first use only: the MCP server and hooks must start fast. */
function loadSwaggerParser(): Promise<SwaggerParserClass> {
  parserLoading ??= import('@apidevtools/swagger-parser').then(
    (module) => module.default,
    (error: unknown) => {
      parserLoading = undefined;
      throw error;
    },
  );
  return parserLoading;
}

export interface RefProblem {
  /** Where in the root document the broken reference is written. */
  pointer: Pointer;
  message: string;
}

export interface ResolvedDocument {
  api: unknown;
  problems: RefProblem[];
}

export interface ResolveOptions {
  /** Absolute path the document stands for; relative `$ref`s resolve against its directory. */
  documentPath: string;
  /** Only files inside this directory are read; without it, external `$ref`s are left alone. */
  sandbox: string | undefined;
  refSites: RefSite[];
}

/** The shape of Swagger Parser's error when `continueOnError` collected problems. */
const errorGroupSchema = z.object({
  errors: z.array(z.object({ message: z.string(), path: z.array(z.union([z.string(), z.number()])).optional(), source: z.string().optional() })),
  files: z.object({ schema: z.unknown() }),
});

/** Dereferences internal and relative-file `$ref`s through Swagger Parser; circular references stay as `$ref` objects. */
export async function dereferenceDocument(value: unknown, options: ResolveOptions): Promise<ResolvedDocument | AnalyzerError> {
  const parser = await loadSwaggerParser();
  const sandbox = options.sandbox === undefined ? undefined : resolvePath(options.sandbox);
  const realSandbox = sandbox === undefined ? undefined : await realpath(sandbox).catch(() => undefined);
  if (sandbox !== undefined && realSandbox === undefined) {
    return { code: 'invalid-argument', message: `baseDir does not exist: ${options.sandbox}` };
  }
  // The library reports a refused read only as "Error reading file"; the resolver keeps the reason here.
  const refusals = new Map<string, string>();
  try {
    const api = await parser.dereference(options.documentPath, value as Parameters<SwaggerParserClass['dereference']>[0], {
      resolve: { external: sandbox !== undefined, http: false, file: sandbox === undefined || realSandbox === undefined ? false : sandboxedFiles(sandbox, realSandbox, refusals) },
      dereference: { circular: 'ignore' },
      continueOnError: true,
      timeoutMs: DEREFERENCE_TIMEOUT_MS,
    });
    return { api, problems: [] };
  } catch (error) {
    const group = errorGroupSchema.safeParse(error);
    if (group.success) {
      const problems = group.data.errors.map((problem) => {
        const refusal = [...refusals].find(([url]) => problem.message.includes(`"${url}"`));
        return {
          pointer: problem.source === undefined || toFileSystemPath(problem.source) === options.documentPath ? (problem.path ?? []) : pointerOfExternal(problem.source, options),
          message: refusal === undefined ? firstLine(problem.message) : `${displayName(refusal[0], sandbox)}: ${refusal[1]}`,
        };
      });
      return { api: group.data.files.schema, problems };
    }
    if (error instanceof Error && error.name === 'TimeoutError') {
      return { code: 'input-too-large', message: `resolving $refs took longer than ${DEREFERENCE_TIMEOUT_MS} ms` };
    }
    const message = firstLine(error instanceof Error ? error.message : String(error));
    if (message.startsWith('Unsupported')) return { code: 'unsupported-input', message };
    // Swagger Parser's own checks (SyntaxError) and its failures on malformed structures (TypeError on a `$ref` into a string) both mean the document is broken.
    return { code: 'parse-error', message: `the document could not be resolved: ${message}` };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** A problem inside a referenced file is reported where the root document refers to that file. */
function pointerOfExternal(source: string, options: ResolveOptions): Pointer {
  const base = dirname(options.documentPath);
  const site = options.refSites.find((candidate) => {
    const file = candidate.ref.split('#')[0] ?? '';
    return file !== '' && resolvePath(base, file) === toFileSystemPath(source);
  });
  return site?.pointer ?? [];
}

function toFileSystemPath(url: string): string {
  try {
    return url.startsWith('file:') ? fileURLToPath(url) : decodeURI(url);
  } catch {
    return url;
  }
}

/** A URL as given, a file relative to the sandbox: messages should not carry the machine's absolute paths. */
function displayName(url: string, sandbox: string | undefined): string {
  if (isUrl(url) || sandbox === undefined) return url;
  return relative(sandbox, toFileSystemPath(url));
}

function isUrl(reference: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(reference) && !reference.startsWith('file:');
}

function isInside(directory: string, path: string): boolean {
  const inside = relative(directory, path);
  return inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

/** A file resolver that refuses URLs and anything outside the sandbox (symlinks included), and bounds how much it reads. */
function sandboxedFiles(sandbox: string, realSandbox: string, refusals: Map<string, string>): SwaggerParser.ResolverOptions {
  let filesRead = 0;
  const refuse = (url: string, reason: string): never => {
    refusals.set(url, reason);
    throw new Error(reason);
  };
  return {
    order: 1,
    canRead: true,
    async read(file) {
      if (isUrl(file.url)) refuse(file.url, 'only local files are followed, URLs are not fetched');
      const requested = toFileSystemPath(file.url);
      // Checked before and after following symlinks, so nothing outside is even probed.
      if (!isInside(sandbox, requested)) refuse(file.url, 'outside the base directory, not read');
      const target = await realpath(requested).catch(() => refuse(file.url, 'file not found'));
      if (!isInside(realSandbox, target)) refuse(file.url, 'outside the base directory, not read');
      if ((await stat(target)).size > MAX_REF_FILE_BYTES) refuse(file.url, `larger than ${MAX_REF_FILE_BYTES} bytes, not read`);
      filesRead += 1;
      if (filesRead > MAX_REF_FILES) refuse(file.url, `more than ${MAX_REF_FILES} referenced files, not read`);
      return readFile(target, 'utf8');
    },
  };
}
