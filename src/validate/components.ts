import { diag, type Diagnostic } from '../diagnostics.ts';
import type { Component, LoadedPlugin } from '../load/plugin.ts';
import { AGENT_IGNORED_KEYS, agentFrontmatterSchema } from '../schemas/agent.ts';
import { commandFrontmatterSchema } from '../schemas/command.ts';
import { skillFrontmatterSchema } from '../schemas/skill.ts';
import { checkBody } from './body.ts';
import { checkSchema } from './schema.ts';

/** Spellings from other tools' formats, mapped to what a plugin agent reads. */
const AGENT_KEY_ALIASES: Record<string, string> = { 'allowed-tools': 'tools', allowedTools: 'tools', 'disallowed-tools': 'disallowedTools', 'max-turns': 'maxTurns' };

export function checkComponents(plugin: LoadedPlugin): Diagnostic[] {
  return [...plugin.commands.map(checkCommandOrSkill(plugin)), ...plugin.skills.map(checkCommandOrSkill(plugin)), ...plugin.agents.map(checkAgent(plugin))].flat();
}

const checkCommandOrSkill = (plugin: LoadedPlugin) => (c: Component): Diagnostic[] => {
  const fm = c.doc.frontmatter;
  const what = `${c.kind} ${c.fileName}`;
  const schema = c.kind === 'skill' ? skillFrontmatterSchema : commandFrontmatterSchema;
  const { data, diagnostics: out } = checkSchema(fm, schema, what);
  const raw = fm.data;
  const at = (key: string) => fm.locate([key]);

  describe(out, c, raw, plugin.config.budgets.descriptionChars[c.kind === 'skill' ? 'skill' : 'command']);

  const userFacing = raw['user-invocable'] !== false;
  if (typeof raw.name === 'string' && raw.name !== c.fileName) {
    out.push(diag('name-mismatch', at('name'), `${what}: name "${raw.name}" differs from its ${c.kind === 'skill' ? 'folder' : 'file'} name "${c.fileName}"`, `set name: ${c.fileName}, or rename the ${c.kind === 'skill' ? 'folder' : 'file'}`));
  } else if (raw.name === undefined && userFacing) {
    out.push(diag('name-missing', { file: fm.file, line: 2 }, `${what}: no name, so only /${plugin.manifest?.data && typeof (plugin.manifest.data as { name?: unknown }).name === 'string' ? (plugin.manifest.data as { name: string }).name : '<plugin>'}:${c.fileName} works, not /${c.fileName}`, `add name: ${c.fileName}`));
  }
  if (c.kind === 'skill') {
    if (raw['allowed-tools'] !== undefined) {
      out.push(diag('skill-allowed-tools', at('allowed-tools'), `${what}: allowed-tools makes every model invocation of the skill ask for permission (denied in -p mode)`, 'remove allowed-tools; put shell steps in a command instead'));
    }
    const lines = c.doc.file.text.split('\n').length - (c.doc.file.text.endsWith('\n') ? 1 : 0);
    if (lines > plugin.config.budgets.skillLines) {
      out.push(diag('budget-skill-lines', { file: fm.file, line: plugin.config.budgets.skillLines + 1 }, `${what}: SKILL.md has ${lines} lines; the budget is ${plugin.config.budgets.skillLines}`, 'move detail into references/ and link to it'));
    }
  }
  out.push(...checkBody(c, data?.['allowed-tools'] ?? (raw['allowed-tools'] as string | string[] | undefined)));
  return out;
};

const checkAgent = (plugin: LoadedPlugin) => (c: Component): Diagnostic[] => {
  const fm = c.doc.frontmatter;
  const what = `agent ${c.fileName}`;
  const { diagnostics: out } = checkSchema(fm, agentFrontmatterSchema, what, (key, path) => {
    if ((AGENT_IGNORED_KEYS as readonly string[]).includes(key)) {
      return diag('agent-key-ignored', fm.locate(path), `${what}: "${key}" is ignored for plugin agents`, 'remove it; plugin agents cannot set it');
    }
    const alias = AGENT_KEY_ALIASES[key];
    return alias ? diag('unknown-key', fm.locate(path), `${what}: unknown key "${key}"; did you mean "${alias}"?`, `rename it to "${alias}"`) : undefined;
  });
  const raw = fm.data;
  describe(out, c, raw, plugin.config.budgets.descriptionChars.agent);
  if (typeof raw.name === 'string' && raw.name !== c.fileName) {
    out.push(diag('name-mismatch', fm.locate(['name']), `${what}: name "${raw.name}" differs from its file name "${c.fileName}"`, `set name: ${c.fileName}, or rename the file`));
  }
  out.push(...checkBody(c, undefined));
  return out;
};

function describe(out: Diagnostic[], c: Component, raw: Record<string, unknown>, budget: number): void {
  const fm = c.doc.frontmatter;
  const description = raw.description;
  if (description === undefined && raw.when_to_use === undefined) {
    out.push(diag('description-missing', { file: fm.file, line: 2 }, `${c.kind} ${c.fileName}: no description, so the model never sees it`, 'add a one-line description of what it does and when to use it'));
  } else if (typeof description === 'string' && description.length > budget) {
    out.push(diag('description-too-long', fm.locate(['description']), `${c.kind} ${c.fileName}: description is ${description.length} characters; the budget is ${budget} (it is sent in every session)`, 'shorten it; put examples and detail in the body'));
  }
}
