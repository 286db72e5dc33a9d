import type { Node } from 'web-tree-sitter';
import type { Candidate, Check } from '../check.ts';
import { stringValue, type Call, type SourceFile } from '../syntax.ts';

const JS_EXEC = /^((child_process|childProcess|cp|require\(\))\.)?(exec|execSync)$/;
const JS_SPAWN = /^((child_process|childProcess|cp|require\(\))\.)?(spawn|spawnSync|execFile|execFileSync)$/;
const PY_ALWAYS_SHELL = /^(os\.(system|popen)|subprocess\.(getoutput|getstatusoutput)|commands\.getoutput|asyncio\.create_subprocess_shell)$/;
const PY_SUBPROCESS = /^subprocess\.(run|call|check_call|check_output|Popen)$/;
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', '/bin/sh', '/bin/bash', '/usr/bin/env', 'cmd', 'cmd.exe', 'powershell', 'pwsh']);

/** Shell commands assembled from run-time values: child_process exec, shell=True, os.system, exec.Command("sh", "-c", ...). */
export const commandInjection: Check = (source) => source.calls.flatMap((call) => check(source, call));

function check(source: SourceFile, call: Call): Candidate[] {
  const found = (node: Node, what: string, fix: string): Candidate[] => [
    { rule: 'command-injection', at: [node, ...(source.describe(node)?.via.slice().reverse() ?? []), call.node], message: `${what}: a value can add shell syntax (; | $( ) and run other commands.`, fix },
  ];
  const first = call.args[0];
  if (!first) return [];
  const dynamic = () => source.describe(first)?.dynamic === true;
  switch (source.family) {
    case 'js': {
      if (!source.text.includes('child_process')) return [];
      const fix = 'Use execFile/spawn with an argument array and no shell; validate values against an allow-list.';
      if (JS_EXEC.test(call.callee) && dynamic()) return found(first, `${call.callee}() runs a command string built from run-time values through a shell`, fix);
      const options = call.args.find((a) => a.type === 'object');
      if (JS_SPAWN.test(call.callee) && options && /\bshell\s*:\s*true\b/.test(options.text) && dynamic()) {
        return found(first, `${call.callee}() with shell: true runs a command built from run-time values`, fix);
      }
      return [];
    }
    case 'python': {
      const fix = 'Call subprocess.run([...]) with an argument list and shell=False (the default); use shlex.quote only as a last resort.';
      if (PY_ALWAYS_SHELL.test(call.callee) && !source.isConstant(first)) return found(first, `${call.callee}() runs its argument through a shell and it is not a constant`, fix);
      const shell = call.kwargs.get('shell');
      if (PY_SUBPROCESS.test(call.callee) && shell?.text === 'True' && dynamic()) return found(first, `${call.callee}(..., shell=True) runs a command built from run-time values`, fix);
      return [];
    }
    case 'go': {
      if (!/^exec\.(Command|CommandContext)$/.test(call.callee)) return [];
      const args = call.callee.endsWith('Context') ? call.args.slice(1) : call.args;
      const shell = stringValue(args[0]);
      const flag = stringValue(args[1]);
      const script = args[2];
      if (shell === undefined || !SHELLS.has(shell) || !['-c', '/c', '/C', '-Command'].includes(flag ?? '') || !script) return [];
      if (source.describe(script)?.dynamic !== true) return [];
      return found(script, `exec.Command("${shell}", "${flag ?? ''}", ...) runs a script built with run-time values`, 'Run the program directly: exec.Command(name, arg1, arg2) with each value as its own argument, no shell.');
    }
  }
}
