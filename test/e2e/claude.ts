/**
 * Runs the real Claude Code CLI (the devDependency) in isolation: a throwaway HOME for every run
 * unless the caller passes its own throwaway one, a fake or unreachable API on loopback, no
 * telemetry, no non-essential traffic, and a hard timeout.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContentBlock, FakeApi, MessagesBody, Recorded } from './fake-api.ts';

export const CLAUDE_BIN = path.resolve(import.meta.dirname, '../../node_modules/.bin/claude');

/** A loopback port where nothing listens: the CLI falls back to offline behaviour. */
export const UNREACHABLE_API = 'http://127.0.0.1:9';

export interface RunOptions {
  args: string[];
  cwd: string;
  /** The fake API, or a base URL (defaults to UNREACHABLE_API). */
  api?: FakeApi | string;
  /** With a FakeApi: the tag the run's requests are recorded under (see FakeApi.urlFor); unique by default. */
  tag?: string;
  /** Adds `--plugin-dir <dir>` in front of args. */
  pluginDir?: string;
  /** A throwaway HOME the caller owns and removes (for runs that must share state). */
  home?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** With a FakeApi: the requests this run sent. */
  requests: Recorded[];
}

export function makeHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'proagent-home-'));
}

let runs = 0;

export async function runClaude(options: RunOptions): Promise<RunResult> {
  const { api } = options;
  const fake = typeof api === 'object' ? api : undefined;
  const tag = options.tag ?? `run${process.pid}x${++runs}`;
  const baseUrl = fake ? (tag ? fake.urlFor(tag) : fake.url) : typeof api === 'string' ? api : UNREACHABLE_API;
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(baseUrl)) throw new Error(`not a loopback API: ${baseUrl}`);
  const home = options.home ?? makeHome();
  if (path.resolve(home) === path.resolve(os.homedir())) throw new Error('refusing to run the CLI with the real HOME');
  // The CLI's own temporary files (extracted --plugin-dir zips, shell state) go away with HOME.
  const tmp = path.join(home, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });

  // Built from scratch, so nothing from the parent (a real Claude session, CI secrets) leaks in.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: process.env.LANG ?? 'C.UTF-8',
    SHELL: process.env.SHELL ?? '/bin/bash',
    TMPDIR: tmp,
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-dummy',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ...options.env,
  };
  const args = options.pluginDir ? ['--plugin-dir', options.pluginDir, ...options.args] : options.args;

  try {
    return await new Promise<RunResult>((resolve, reject) => {
      // Its own process group, so a timeout also ends the shells it started.
      const child = spawn(CLAUDE_BIN, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, options.timeoutMs ?? 25_000);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, timedOut, requests: fake ? fake.requests(tag) : [] });
      });
    });
  } finally {
    if (!options.home) fs.rmSync(home, { recursive: true, force: true });
  }
}

/** A short summary of a run for assertion messages. */
export function describeRun(run: RunResult): string {
  const cut = (s: string) => (s.length > 2000 ? `${s.slice(0, 2000)}…` : s);
  return `exit ${run.code}${run.timedOut ? ' (timed out)' : ''}\nstdout: ${cut(run.stdout)}\nstderr: ${cut(run.stderr)}\nrequests: ${run.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`;
}

// ---- searching what the CLI sent ----

/** Recorded `POST /v1/messages` calls with a JSON body (not count_tokens or other endpoints). */
export function messageRequests(requests: Recorded[]): MessagesBody[] {
  return requests
    .filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages' && typeof r.body === 'object')
    .map((r) => r.body as MessagesBody);
}

/** The first main-loop request: the first Messages call that carries tools. */
export function firstMainRequest(requests: Recorded[]): MessagesBody | undefined {
  return messageRequests(requests).find((b) => Array.isArray(b.tools) && b.tools.length > 0);
}

/** All text inside content: strings, text blocks, and the content of tool results, in order. */
export function contentText(content: string | ContentBlock[] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((block: Record<string, unknown>) => {
      if (typeof block.text === 'string') return block.text;
      if (block.type === 'tool_result') return contentText(block.content as string | ContentBlock[] | undefined);
      return '';
    })
    .filter(Boolean)
    .join('\n');
}

/** The system prompt and every message of one request, flattened to one string. */
export function requestText(body: MessagesBody): string {
  return [contentText(body.system), ...(body.messages ?? []).map((m) => contentText(m.content))].filter(Boolean).join('\n');
}

/** The system prompt and every message of every recorded Messages call, flattened to one string. */
export function allRequestText(requests: Recorded[]): string {
  return messageRequests(requests).map(requestText).join('\n');
}

/** The text of the `role: "system"` messages of one request (skill and agent listings arrive there). */
export function systemMessagesText(body: MessagesBody | undefined): string {
  return (body?.messages ?? [])
    .filter((m) => m.role === 'system')
    .map((m) => contentText(m.content))
    .join('\n');
}

/**
 * The section of `text` that starts at the line equal to `heading` and ends before the next
 * markdown heading (or the end).
 */
export function section(text: string, heading: string): string | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading.trim());
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^#{1,6} /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}
