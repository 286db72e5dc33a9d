import { toolEntries } from '../schemas/common.ts';

export interface ShellLine {
  command: string;
  /** Offset of the ! in the text. */
  offset: number;
}

/**
 * The pre-model shell lines Claude Code runs in a command or skill body: `!` + backticked command
 * at the start of a line or after whitespace, and ```! fenced blocks.
 */
export function findShellLines(body: string): ShellLine[] {
  const lines: ShellLine[] = [];
  for (const m of body.matchAll(/(?<=^|\s)!`([^`\n]+)`/g)) lines.push({ command: m[1]!, offset: m.index });
  for (const m of body.matchAll(/^```!\n([\s\S]*?)^```/gm)) {
    for (const cmd of m[1]!.split('\n').filter((l) => l.trim())) lines.push({ command: cmd, offset: m.index });
  }
  return lines.sort((a, b) => a.offset - b.offset);
}

/** Commands Claude Code runs without any allowed-tools rule, and that cannot fail. */
const ALWAYS_SAFE = new Set(['echo', 'printf', 'true', 'pwd']);

/** Splits on shell control operators outside quotes; each piece is permission-checked on its own. */
export function splitCommand(command: string): { segments: string[]; operators: string[] } {
  const segments: string[] = [];
  const operators: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
      continue;
    }
    const two = command.slice(i, i + 2);
    const op = two === '&&' || two === '||' ? two : ch === ';' || ch === '|' ? ch : undefined;
    if (op) {
      segments.push(current.trim());
      operators.push(op);
      current = '';
      i += op.length - 1;
    } else current += ch;
  }
  segments.push(current.trim());
  return { segments: segments.filter(Boolean), operators };
}

/** The program and arguments of a segment, without redirections such as 2>/dev/null. */
function normalise(segment: string): string {
  return segment.replace(/\s*\d?>>?\s*\S+/g, '').replace(/\s+/g, ' ').trim();
}

export function bashRules(allowedTools: string | readonly string[] | undefined): string[] {
  if (!allowedTools) return [];
  return toolEntries(allowedTools).filter((t) => t === 'Bash' || t.startsWith('Bash('));
}

export function isCovered(segment: string, rules: readonly string[]): boolean {
  const cmd = normalise(segment);
  if (ALWAYS_SAFE.has(cmd.split(' ')[0]!)) return true;
  return rules.some((rule) => {
    if (rule === 'Bash' || rule === 'Bash(*)') return true;
    const inner = /^Bash\((.*)\)$/.exec(rule)?.[1]?.trim();
    if (!inner) return false;
    const prefix = /^(.*?)(?::\*| \*)$/.exec(inner)?.[1];
    if (prefix !== undefined) return cmd === prefix || cmd.startsWith(`${prefix} `);
    return cmd === inner;
  });
}

/** A line can only fail when something other than echo/printf runs without an || fallback after it. */
export function isGuarded(command: string): boolean {
  const { segments, operators } = splitCommand(command);
  if (segments.every((s) => ALWAYS_SAFE.has(normalise(s).split(' ')[0]!))) return true;
  const lastOr = operators.lastIndexOf('||');
  if (lastOr === -1) return false;
  return segments.slice(lastOr + 1).every((s) => ALWAYS_SAFE.has(normalise(s).split(' ')[0]!));
}
