import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RuleInfo } from '../src/analyzers/finding.ts';
import { ALL_RULES } from '../src/analyzers/registry.ts';

/**
 * docs/rules.md documents every analyzer rule: one `### \`<id>\`` section per rule of ALL_RULES, each with a Why,
 * a Bad and a Good code block, and the rule's primary source. A rule added to a registry without its section, or a
 * section left behind for a rule that no longer exists, fails here under the rule's own name.
 */

const root = path.resolve(import.meta.dirname, '..');
const docPath = path.join(root, 'docs', 'rules.md');
const markdown = fs.readFileSync(docPath, 'utf8');

interface Heading {
  level: number;
  text: string;
  /** 0-based line index. */
  line: number;
}

/** Markdown headings outside fenced code blocks (a `#` comment inside an example is not a heading). */
function headingsOf(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence)) fence = undefined;
      return;
    }
    if (fence !== undefined) return;
    const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (match) headings.push({ level: match[1]!.length, text: match[2]!, line: index });
  });
  return headings;
}

const lines = markdown.split(/\r?\n/);
const headings = headingsOf(lines);
const RULE_HEADING = /^`([^`]+)`$/;
const ruleHeadings = headings.filter((h) => h.level === 3 && RULE_HEADING.test(h.text));

/** The lines of a rule's section: from its heading to the next heading of level 3 or higher. */
function sectionLines(heading: Heading): string[] {
  const next = headings.find((h) => h.line > heading.line && h.level <= 3);
  return lines.slice(heading.line + 1, next ? next.line : lines.length);
}

/** The content of the fenced block that follows a `**Label**` line (blank lines allowed in between), or undefined. */
function blockAfter(section: readonly string[], label: string): string | undefined {
  const start = section.findIndex((line) => line.trim() === `**${label}**`);
  if (start < 0) return undefined;
  let i = start + 1;
  while (i < section.length && section[i]!.trim() === '') i++;
  const open = /^\s*(`{3,})\S*\s*$/.exec(section[i] ?? '')?.[1];
  if (open === undefined) return undefined;
  const close = section.findIndex((line, j) => j > i && line.trim().startsWith(open) && /^`+$/.test(line.trim()));
  if (close < 0) return undefined;
  return section.slice(i + 1, close).join('\n');
}

function idOf(heading: Heading): string {
  return RULE_HEADING.exec(heading.text)![1]!;
}

describe('docs/rules.md', () => {
  test('has rule sections to check', () => {
    expect(ALL_RULES.length).toBeGreaterThan(0);
    expect(ruleHeadings.length).toBeGreaterThan(0);
  });

  test.each(ALL_RULES)('documents $id', (rule: RuleInfo) => {
    const matching = ruleHeadings.filter((h) => idOf(h) === rule.id);
    expect(matching, `exactly one "### \`${rule.id}\`" heading`).toHaveLength(1);
    const section = sectionLines(matching[0]!);
    const text = section.join('\n');

    expect(text, 'a severity/category line matching the registry').toContain(`**Severity:** ${rule.severity} · **Category:** ${rule.category}`);
    expect(section.some((line) => line.startsWith('**Why:**') && line.length > '**Why:**'.length + 20), 'a **Why:** paragraph').toBe(true);

    const bad = blockAfter(section, 'Bad');
    expect(bad, 'a **Bad** code block').toBeDefined();
    expect(bad!.trim(), 'a non-empty **Bad** example').not.toBe('');
    const good = blockAfter(section, 'Good');
    expect(good, 'a **Good** code block').toBeDefined();
    expect(good!.trim(), 'a non-empty **Good** example').not.toBe('');

    const source = section.find((line) => line.startsWith('**Source:**'));
    expect(source, 'a **Source:** line').toBeDefined();
    expect(source, `the source links ${rule.source}`).toContain(`](${rule.source})`);
  });

  test('has no section for a rule id that does not exist', () => {
    const known = new Set(ALL_RULES.map((rule) => rule.id));
    const unknown = ruleHeadings.map(idOf).filter((id) => !known.has(id));
    expect(unknown).toEqual([]);
  });
});
