import { diag, type Diagnostic } from '../diagnostics.ts';
import type { Located } from '../load/yaml.ts';
import { HOOK_EVENTS, hooksFileSchema, TOOL_EVENTS } from '../schemas/hooks.ts';
import { checkSchema } from './schema.ts';
import { closest } from './suggest.ts';

/** Longer than any sane hook, shorter than any millisecond value someone meant. */
const MAX_TIMEOUT_SECONDS = 600;

export function checkHooks(hooks: Located | undefined): Diagnostic[] {
  if (!hooks) return [];
  const raw = hooks.data as Record<string, unknown> | null;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [diag('hooks-wrapper-missing', hooks.locate([]), 'hooks.json must be an object {"hooks": {...}}', 'wrap the events in {"hooks": {...}}')];
  }
  if (!('hooks' in raw) && !('modules' in raw)) {
    const events = Object.keys(raw).filter((k) => (HOOK_EVENTS as readonly string[]).includes(k));
    return [diag('hooks-wrapper-missing', hooks.locate([]), `hooks.json has ${events.length ? `events (${events.join(', ')}) ` : ''}but no "hooks" wrapper, so Claude Code loads nothing`, 'wrap the events in {"hooks": {...}}')];
  }
  const out: Diagnostic[] = [];
  const events = (raw.hooks ?? {}) as Record<string, unknown>;
  for (const event of Object.keys(events)) {
    if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
      const guess = closest(event, HOOK_EVENTS);
      out.push(diag('hook-event-unknown', hooks.locate(['hooks', event]), `unknown hook event "${event}"; Claude Code ignores it${guess ? `. Did you mean "${guess}"?` : ''}`, guess ? `rename it to "${guess}"` : `use one of ${HOOK_EVENTS.join(', ')}`));
    }
  }
  const { data, diagnostics } = checkSchema(hooks, hooksFileSchema, 'hooks.json');
  out.push(...diagnostics);
  if (!data || !('hooks' in data)) return out;

  for (const [event, groups] of Object.entries(data.hooks)) {
    groups.forEach((group, g) => {
      if (group.matcher !== undefined && !TOOL_EVENTS.includes(event) && (HOOK_EVENTS as readonly string[]).includes(event)) {
        out.push(diag('hook-matcher-unused', hooks.locate(['hooks', event, g, 'matcher']), `${event} is not a tool event, so its matcher is never used`, 'remove the matcher'));
      }
      group.hooks.forEach((hook, h) => {
        const path = ['hooks', event, g, 'hooks', h];
        if (hook.type !== 'command') return;
        if (hook.timeout === undefined) {
          out.push(diag('hook-timeout-missing', hooks.locate(path), `${event} command hook has no timeout; the default is ${MAX_TIMEOUT_SECONDS} s`, 'add "timeout": <seconds>, e.g. 10'));
        } else if (hook.timeout > MAX_TIMEOUT_SECONDS) {
          out.push(diag('hook-timeout-ms', hooks.locate([...path, 'timeout']), `${event} hook timeout ${hook.timeout} is in seconds (${Math.round(hook.timeout / 60)} minutes); it looks like milliseconds`, `use ${Math.max(1, Math.round(hook.timeout / 1000))}`));
        }
        if (hook.args === undefined) {
          if (hasUnquotedRoot(hook.command)) {
            out.push(diag('hook-root-unquoted', hooks.locate([...path, 'command']), '${CLAUDE_PLUGIN_ROOT} is unquoted; a path with spaces (common on Windows and macOS) breaks the hook', 'write "${CLAUDE_PLUGIN_ROOT}/..." in double quotes, or use the exec form with "args"'));
          }
          if (hook.command.includes('${user_config.')) {
            out.push(diag('hook-user-config-shell', hooks.locate([...path, 'command']), '${user_config.*} in a shell-form hook is refused at runtime, so the hook never runs', 'use the exec form {"command": "node", "args": ["${user_config.key}"]} or read $CLAUDE_PLUGIN_OPTION_<KEY>'));
          }
        }
      });
    });
  }
  return out;
}

function hasUnquotedRoot(command: string): boolean {
  let inDouble = false;
  for (let i = 0; i < command.length; i++) {
    if (command[i] === '\\') {
      i++;
      continue;
    }
    if (command[i] === '"') inDouble = !inDouble;
    if (!inDouble && command.startsWith('${CLAUDE_PLUGIN_ROOT}', i)) return true;
  }
  return false;
}
