import { execFile } from 'node:child_process';

export interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; arguments never reach one, whatever the user typed. */
export function run(program: string, args: readonly string[], cwd: string, timeoutMs = 20_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(program, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr || (error && !('code' in error && typeof error.code === 'number') ? error.message : '')) });
    });
  });
}

export const git = (args: readonly string[], cwd: string) => run('git', args, cwd);

/** A revision as git accepts it, and nothing that git could read as an option. */
const REV = /^(?!-)[A-Za-z0-9._/@{}~^:+-]{1,200}$/;

export function isRevision(value: string): boolean {
  return REV.test(value) && !value.includes('..');
}
