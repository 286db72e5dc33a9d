import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { AnalyzerError } from '../finding.ts';

/** A JSON pointer as a list of keys (unescaped). */
export type Pointer = readonly (string | number)[];

export interface Location {
  line: number;
  column: number;
  evidence: string;
}

/** A `$ref` written in the root document, where it stands and what it says. */
export interface RefSite {
  pointer: Pointer;
  ref: string;
}

export interface SourceDocument {
  /** The document as plain data, fresh for the resolver to mutate. */
  value: unknown;
  refSites: RefSite[];
  locate(pointer: Pointer): Location;
}

/** YAML anchors may be expanded at most this many times (guards against alias bombs). */
const MAX_ALIAS_COUNT = 1000;
const MAX_EVIDENCE_CHARS = 160;

/** Parses YAML or JSON (JSON is YAML 1.2) keeping positions, so findings can name a line of the text the user wrote. */
export function parseSource(text: string): SourceDocument | AnalyzerError {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    return { code: 'parse-error', message: `not valid YAML or JSON: ${error.message}`, line: lineCounter.linePos(error.pos[0]).line };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    return { code: 'parse-error', message: `could not load the document: ${cause instanceof Error ? cause.message : String(cause)}` };
  }
  const lines = text.split(/\r?\n|\r/);
  return {
    value,
    refSites: collectRefSites(doc),
    locate(pointer) {
      const offset = offsetOf(doc, pointer);
      const { line, col } = lineCounter.linePos(offset);
      const evidence = (lines[line - 1] ?? '').trim().slice(0, MAX_EVIDENCE_CHARS);
      return { line, column: col, evidence };
    },
  };
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** Start offset of the deepest existing node on the pointer: the key of a mapping entry, or a sequence item. */
function offsetOf(doc: Document, pointer: Pointer): number {
  let node = deref(doc, doc.contents);
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const segment of pointer) {
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (pair === undefined) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = deref(doc, pair.value);
    } else if (isSeq(node)) {
      const item = deref(doc, node.items[Number(segment)]);
      if (item === undefined || item === null) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function collectRefSites(doc: Document): RefSite[] {
  const sites: RefSite[] = [];
  const visit = (node: unknown, pointer: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyText(pair.key);
        if (key === undefined) continue;
        if (key === '$ref' && isScalar(pair.value) && typeof pair.value.value === 'string') sites.push({ pointer, ref: pair.value.value });
        else visit(pair.value, [...pointer, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...pointer, index]));
    }
  };
  visit(doc.contents, []);
  return sites;
}
