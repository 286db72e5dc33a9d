import type { Node } from 'web-tree-sitter';
import { z } from 'zod';
import { bySeverityThenLocation, safelyAsync, type AnalyzerResult, type Finding } from '../finding.ts';
import type { Candidate, Check, LinePoint } from './check.ts';
import { commandInjection } from './checks/command-injection.ts';
import { corsWildcardCredentials } from './checks/cors.ts';
import { errorDetailLeak } from './checks/error-detail-leak.ts';
import { configSecretPoints, hardcodedSecret, redactSecrets, secretTokenPoints } from './checks/hardcoded-secret.ts';
import { httpNoTimeout } from './checks/http-no-timeout.ts';
import { jwtUnverified } from './checks/jwt-unverified.ts';
import { missingAuth } from './checks/missing-auth.ts';
import { nPlusOne } from './checks/n-plus-one.ts';
import { selectStar } from './checks/select-star.ts';
import { sensitiveLog } from './checks/sensitive-log.ts';
import { sqlInjection } from './checks/sql-injection.ts';
import { unboundedQuery } from './checks/unbounded-query.ts';
import { weakPasswordHash } from './checks/weak-password-hash.ts';
import { codeLanguageSchema, languageForPath, parserFor } from './grammars.ts';
import { isTestPath } from './paths.ts';
import { codeRule } from './rules.ts';
import { SourceFile } from './syntax.ts';

/** Runs the code rules on one source file, optionally keeping only findings on given lines (the added lines of a diff). */

/** 2 MB of source: generated bundles above this are not reviewable code. */
export const MAX_SOURCE_CHARS = 2_000_000;

export const analyzeOptionsSchema = z.object({
  /** Path shown in findings; also selects the language by extension and marks test code. */
  file: z.string().min(1),
  language: codeLanguageSchema.optional(),
  /** Only report findings on these 1-based lines; absent means every line. */
  lines: z.set(z.number().int()).optional(),
  /** Folder with the tree-sitter .wasm files (default: PROAGENT_GRAMMARS_DIR, then node_modules). */
  grammarsDir: z.string().optional(),
});
export type AnalyzeOptions = z.infer<typeof analyzeOptionsSchema>;

const CHECKS: Check[] = [
  sqlInjection,
  commandInjection,
  hardcodedSecret,
  weakPasswordHash,
  jwtUnverified,
  corsWildcardCredentials,
  errorDetailLeak,
  httpNoTimeout,
  sensitiveLog,
  missingAuth,
  nPlusOne,
  unboundedQuery,
  selectStar,
];

export function analyzeSource(text: string, options: AnalyzeOptions): Promise<AnalyzerResult> {
  return safelyAsync(async (): Promise<AnalyzerResult> => {
    const parsed = analyzeOptionsSchema.safeParse(options);
    if (!parsed.success) return { ok: false, error: { code: 'invalid-argument', message: `invalid options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` } };
    const { file, lines, grammarsDir } = parsed.data;
    if (typeof text !== 'string') return { ok: false, error: { code: 'invalid-argument', message: 'source text must be a string', file } };
    if (text.length > MAX_SOURCE_CHARS) {
      return { ok: false, error: { code: 'input-too-large', message: `${file} is ${text.length} characters; the limit is ${MAX_SOURCE_CHARS}`, file } };
    }
    const language = parsed.data.language ?? languageForPath(file);
    if (!language) return { ok: false, error: { code: 'unsupported-input', message: `${file}: only JavaScript, TypeScript, Python and Go are analyzed`, file } };
    // Test code and fixtures hold fake secrets and deliberately bad queries: not production code.
    if (isTestPath(file) || lines?.size === 0) return { ok: true, findings: [] };

    const parser = await parserFor(language, grammarsDir);
    const tree = parser.parse(text);
    if (!tree) return { ok: false, error: { code: 'parse-error', message: `${file}: the parser returned no tree`, file } };
    try {
      const source = new SourceFile(tree.rootNode, text, language);
      const candidates = CHECKS.flatMap((check) => check(source));
      return { ok: true, findings: toFindings(candidates, file, text, lines) };
    } finally {
      tree.delete();
    }
  });
}

/** Secrets in a non-code text file: token formats anywhere, credential-named entries in configuration files. */
export function scanTextForSecrets(text: string, file: string, lines?: Set<number>): Finding[] {
  if (isTestPath(file)) return [];
  const fix = 'Revoke and rotate the credential, keep it out of the repository, and load it at run time from the environment or a secret manager.';
  const candidates: Candidate[] = [
    ...secretTokenPoints(text).map((point) => ({ rule: 'hardcoded-secret' as const, at: [point], message: `The file contains ${point.name}.`, fix })),
    ...configSecretPoints(text, file).map((point) => ({ rule: 'hardcoded-secret' as const, at: [point], message: 'A credential-named setting holds a literal value that looks like a real credential.', fix })),
  ];
  return toFindings(candidates, file, text, lines);
}

function isNode(at: Node | LinePoint): at is Node {
  return 'startPosition' in at;
}

/** How many lines of a multi-line node may carry the finding when its first line is not among the wanted lines. */
const MAX_SPAN = 40;

function place(at: Node | LinePoint, lines: Set<number> | undefined): LinePoint | undefined {
  if (!isNode(at)) return !lines || lines.has(at.line) ? at : undefined;
  const first = at.startPosition.row + 1;
  const last = Math.min(at.endPosition.row + 1, first + MAX_SPAN);
  for (let line = first; line <= last; line++) {
    if (!lines || lines.has(line)) return line === first ? { line, column: at.startPosition.column + 1 } : { line };
  }
  return undefined;
}

function toFindings(candidates: Candidate[], file: string, text: string, lines: Set<number> | undefined): Finding[] {
  const sourceLines = text.split('\n');
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const candidate of candidates) {
    const point = candidate.at.map((at) => place(at, lines)).find((p) => p !== undefined);
    if (!point) continue;
    const key = `${candidate.rule}:${point.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rule = codeRule(candidate.rule);
    const lineText = (sourceLines[point.line - 1] ?? '').trim();
    const evidence = (rule.id === 'hardcoded-secret' ? redactSecrets(lineText) : lineText).slice(0, 200);
    findings.push({
      rule: rule.id,
      severity: rule.severity,
      file,
      line: point.line,
      ...(point.column !== undefined ? { column: point.column } : {}),
      message: candidate.message,
      fix: candidate.fix,
      ...(evidence !== '' ? { evidence } : {}),
      category: rule.category,
    });
  }
  return findings.sort(bySeverityThenLocation);
}
