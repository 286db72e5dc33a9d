import matter from 'gray-matter';
import { diag } from '../diagnostics.ts';
import { lineColAt, type Loaded, type TextFile } from './text.ts';
import { parseYaml, type Located } from './yaml.ts';

export interface MarkdownDoc {
  file: TextFile;
  frontmatter: Located<Record<string, unknown>>;
  body: string;
  /** 1-based line of the file where the body starts. */
  bodyLine: number;
}

/** gray-matter splits; its YAML engine is replaced because js-yaml accepts duplicate keys silently. */
const splitOnly = { engines: { yaml: () => ({}) } };

export function parseMarkdown(file: TextFile): Loaded<MarkdownDoc> {
  const at = { file: file.rel };
  if (!/^---[ \t]*\n/.test(file.text)) {
    return { ok: false, diagnostics: [diag('frontmatter-missing', at, 'no frontmatter block: the file must start with a --- line', 'start the file with ---, the YAML keys (at least description), and a closing --- line')] };
  }
  if (!/\n---[ \t]*(?:\n|$)/.test(file.text.slice(3))) {
    return { ok: false, diagnostics: [diag('frontmatter-unclosed', at, 'the frontmatter block is never closed', 'add a --- line after the last frontmatter key')] };
  }
  const split = matter(file.text, splitOnly);
  const yaml = parseYaml(split.matter, { file: file.rel });
  if (!yaml.ok) return yaml;
  const data = yaml.value.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, diagnostics: [diag('frontmatter-not-mapping', { file: file.rel, line: 2 }, 'the frontmatter must be a mapping of key: value lines', 'write one key: value per line')] };
  }
  const bodyStart = file.text.length - split.content.length;
  return {
    ok: true,
    value: {
      file,
      frontmatter: { ...yaml.value, data: data as Record<string, unknown> },
      body: split.content,
      bodyLine: lineColAt(file.text, bodyStart).line,
    },
  };
}
