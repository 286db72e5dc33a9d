/**
 * Every rule the validator can report. Tests require one failing fixture per entry
 * (test/fixtures/rules/<id>/), so a rule cannot exist without proof that it fires.
 */
export const RULES = {
  // Reading files
  'file-unreadable': { severity: 'error', summary: 'A plugin file cannot be read.' },
  'file-too-large': { severity: 'error', summary: 'A text file is larger than the plugin should ever ship.' },
  'file-binary': { severity: 'error', summary: 'A text file holds NUL bytes or invalid UTF-8.' },
  'file-bom': { severity: 'error', summary: 'A text file starts with a UTF-8 byte order mark.' },
  'file-crlf': { severity: 'error', summary: 'A text file uses CRLF line endings.' },
  'symlink-escape': { severity: 'error', summary: 'A symbolic link points outside the plugin root.' },
  'path-escape': { severity: 'error', summary: 'A referenced path leaves the plugin root.' },

  // Frontmatter and YAML
  'frontmatter-missing': { severity: 'error', summary: 'A command, skill or agent has no frontmatter block.' },
  'frontmatter-unclosed': { severity: 'error', summary: 'The frontmatter block has no closing --- line.' },
  'yaml-syntax': { severity: 'error', summary: 'YAML that a strict parser rejects (tabs, bad indentation, compact nested maps).' },
  'yaml-duplicate-key': { severity: 'error', summary: 'A YAML mapping repeats a key.' },
  'frontmatter-not-mapping': { severity: 'error', summary: 'The frontmatter is not a key: value mapping.' },
  'invalid-value': { severity: 'error', summary: 'A field has the wrong type or an invalid value.' },
  'unknown-key': { severity: 'error', summary: 'A key Claude Code does not read (usually a typo).' },
  'agent-key-ignored': { severity: 'error', summary: 'An agent key that Claude Code ignores for plugin agents.' },
  'description-missing': { severity: 'error', summary: 'No description: the model never sees the component.' },
  'description-too-long': { severity: 'error', summary: 'A description is longer than its always-on budget.' },
  'model-unknown': { severity: 'error', summary: 'model is neither a known alias nor a Claude model id.' },
  'name-missing': { severity: 'error', summary: 'A user-facing command or skill has no name, so the bare /name does not work.' },
  'name-mismatch': { severity: 'error', summary: 'A name differs from its file or folder name.' },
  'name-not-kebab': { severity: 'error', summary: 'A name is not lowercase kebab-case.' },

  // Bodies
  'positional-zero-based': { severity: 'error', summary: '$1 is used where $0 (the first argument) was meant.' },
  'shell-not-allowed': { severity: 'error', summary: 'A ! shell line is not covered by allowed-tools, so the command aborts.' },
  'shell-unguarded': { severity: 'error', summary: 'A ! shell line that can fail has no fallback, so a failure aborts the command.' },
  'skill-dir-outside-skill': { severity: 'error', summary: '${CLAUDE_SKILL_DIR} is only substituted in skills.' },
  'plugin-ref-missing': { severity: 'error', summary: 'A ${CLAUDE_PLUGIN_ROOT} path does not exist in the bundle.' },
  'link-broken': { severity: 'error', summary: 'A relative markdown link does not resolve.' },
  'skill-allowed-tools': { severity: 'error', summary: 'allowed-tools on a skill makes every model invocation ask for permission.' },

  // Manifest and package
  'json-syntax': { severity: 'error', summary: 'A JSON file does not parse.' },
  'manifest-missing': { severity: 'error', summary: '.claude-plugin/plugin.json is missing.' },
  'manifest-marketplace-field': { severity: 'error', summary: 'A marketplace-entry field was put in plugin.json.' },
  'manifest-version': { severity: 'error', summary: 'plugin.json sets version; package.json is the single source.' },
  'package-version-invalid': { severity: 'error', summary: 'package.json version is not valid semver.' },
  'readme-missing': { severity: 'error', summary: 'README.md is missing or under 40 words; the plugin directory refuses it.' },
  'icon-invalid': { severity: 'error', summary: 'No listing icon, or not a square PNG or JPEG of 512 to 2048 px.' },
  'license-missing': { severity: 'error', summary: 'Neither a LICENSE file nor a license field; the plugin directory refuses it.' },
  'runtime-bundle-failed': { severity: 'error', summary: 'A runtime entry point does not bundle with esbuild.' },
  'claude-md-in-plugin': { severity: 'error', summary: 'A CLAUDE.md would be bundled into the plugin, where it is never loaded.' },

  // Hooks
  'hooks-wrapper-missing': { severity: 'error', summary: 'hooks.json lacks its {"hooks": {...}} wrapper.' },
  'hooks-declared-twice': { severity: 'error', summary: 'plugin.json names hooks/hooks.json again, which is loaded anyway.' },
  'hook-event-unknown': { severity: 'error', summary: 'A hook event that Claude Code 2.1.330 does not have.' },
  'hook-timeout-missing': { severity: 'error', summary: 'A command hook has no explicit timeout (the default is 600 s).' },
  'hook-timeout-ms': { severity: 'error', summary: 'A hook timeout looks like milliseconds; it is in seconds.' },
  'hook-root-unquoted': { severity: 'error', summary: '${CLAUDE_PLUGIN_ROOT} is unquoted in a shell-form hook.' },
  'hook-user-config-shell': { severity: 'error', summary: '${user_config.*} in a shell-form hook is refused at runtime.' },
  'hook-matcher-unused': { severity: 'error', summary: 'A matcher on an event that is not about tools.' },

  // MCP
  'mcp-url-without-type': { severity: 'error', summary: 'A server with url but no type is parsed as stdio and dropped.' },
  'mcp-insecure-url': { severity: 'error', summary: 'A remote MCP server over plain http to a non-loopback host.' },
  'mcp-literal-credential': { severity: 'error', summary: 'A header or env value that looks like a literal credential.' },
  'mcp-unpinned': { severity: 'error', summary: 'An npx/uvx server without a pinned version.' },

  // Source assets
  'citation-unknown': { severity: 'error', summary: 'A source-asset citation that the catalog does not map.' },
  'catalog-repo-unknown': { severity: 'error', summary: 'A catalog source names a repository the catalog does not list.' },
  'reference-missing': { severity: 'error', summary: 'A catalog entry maps to a knowledge file that does not exist.' },
  'reference-empty': { severity: 'error', summary: 'A catalog entry maps to an empty knowledge file.' },
  'catalog-uncited': { severity: 'warning', summary: 'A catalog source that no markdown file cites.' },
  'reference-unreachable': { severity: 'warning', summary: 'A knowledge file that nothing maps or links to.' },

  // Budgets
  'budget-always-on': { severity: 'error', summary: 'The always-on token total is over budget.' },
  'budget-body': { severity: 'error', summary: 'A command, skill or agent body is over its token budget.' },
  'budget-skill-lines': { severity: 'error', summary: 'SKILL.md has more lines than its budget.' },
  'budget-reference': { severity: 'error', summary: 'A knowledge file is over its token budget.' },
} as const satisfies Record<string, { severity: 'error' | 'warning'; summary: string }>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];
