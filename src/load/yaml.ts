import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { diag, type Diagnostic } from '../diagnostics.ts';
import type { Loaded } from './text.ts';

export type KeyPath = readonly (string | number)[];

/** A parsed YAML or JSON document that can say where any key or item sits in its file. */
export interface Located<T = unknown> {
  file: string;
  data: T;
  /** Line and column of the key (or item) at this path, falling back to the closest ancestor. */
  locate(path: KeyPath): { file: string; line: number; col: number };
}

interface ParseOptions {
  file: string;
  /** Added to every line number: where this text starts in its file. */
  lineOffset?: number;
}

/** Parses YAML strictly: duplicate keys, tab indentation and ambiguous plain scalars are errors. */
export function parseYaml(text: string, opts: ParseOptions): Loaded<Located> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, strict: true, prettyErrors: false, lineCounter });
  const offset = opts.lineOffset ?? 0;
  const pos = (o: number) => {
    const { line, col } = lineCounter.linePos(o);
    return { file: opts.file, line: line + offset, col };
  };
  if (doc.errors.length) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) =>
        e.code === 'DUPLICATE_KEY'
          ? diag('yaml-duplicate-key', pos(e.pos[0]), `duplicate key: ${text.slice(e.pos[0], e.pos[1]) || 'a key'} appears twice`, 'keep one of the two entries')
          : diag('yaml-syntax', pos(e.pos[0]), `YAML: ${e.message.split('\n')[0]}`, yamlFix(e.code)),
      ),
    };
  }
  return { ok: true, value: { file: opts.file, data: doc.toJS(), locate: (p) => pos(offsetOf(doc, p)) } };
}

function yamlFix(code: string): string {
  if (code === 'TAB_AS_INDENT') return 'indent with spaces, never tabs';
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') return 'quote a value that contains ": " (description: "Use: like this")';
  return 'correct the YAML syntax; quote values that contain ":", "#", "[" or "{"';
}

function offsetOf(doc: Document, path: KeyPath): number {
  let node: unknown = doc.contents;
  let best = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      best = (pair.key as Node | null)?.range?.[0] ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else break;
  }
  return best;
}
