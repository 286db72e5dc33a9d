import { diag, type Diagnostic } from '../diagnostics.ts';
import type { Component } from '../load/plugin.ts';
import { lineColAt } from '../load/text.ts';
import { bashRules, findShellLines, isCovered, isGuarded, splitCommand } from './shell-lines.ts';

/** Where an offset in a component's body sits in its file. */
export function bodyPosition(c: Component, offset: number) {
  const { line, col } = lineColAt(c.doc.body, offset);
  return { file: c.doc.file.rel, line: c.doc.bodyLine + line - 1, col };
}

export function checkBody(c: Component, allowedTools: string | readonly string[] | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const body = c.doc.body;

  if (c.kind !== 'skill') {
    const skillDir = body.indexOf('${CLAUDE_SKILL_DIR}');
    if (skillDir !== -1) {
      out.push(diag('skill-dir-outside-skill', bodyPosition(c, skillDir), `\${CLAUDE_SKILL_DIR} stays literal in ${c.kind === 'command' ? 'a command' : 'an agent'} body`, 'use ${CLAUDE_PLUGIN_ROOT}/skills/<skill>/... instead'));
    }
  }
  if (c.kind === 'agent') return out;

  // Claude Code 2.1.330 numbers positional arguments from $0; older docs said $1.
  const usesFirst = /\$0(?!\d)|\$ARGUMENTS\[0\]/.test(body);
  const second = /(?<![\w$])\$([1-9])(?!\d)/.exec(body);
  if (second && !usesFirst) {
    out.push(diag('positional-zero-based', bodyPosition(c, second.index), `$${second[1]} is used but $0 never is: arguments are zero-based, so $${second[1]} is argument ${Number(second[1]) + 1}`, `use $${Number(second[1]) - 1} (or $ARGUMENTS[${Number(second[1]) - 1}])`));
  }

  const rules = bashRules(allowedTools);
  for (const line of findShellLines(body)) {
    const at = bodyPosition(c, line.offset);
    const uncovered = splitCommand(line.command).segments.filter((s) => !isCovered(s, rules));
    if (uncovered.length) {
      out.push(diag('shell-not-allowed', at, `shell line \`${line.command}\` runs ${uncovered.map((s) => `"${s}"`).join(', ')} without a matching allowed-tools rule, so the command aborts before the model runs`, `add Bash(${uncovered[0]!.split(/\s+/)[0]}:*) or a narrower rule to allowed-tools`));
    }
    if (!isGuarded(line.command)) {
      out.push(diag('shell-unguarded', at, `shell line \`${line.command}\` aborts the whole command if it exits non-zero`, 'end it with || echo "(unavailable)" so a failure degrades to a message'));
    }
  }
  return out;
}
