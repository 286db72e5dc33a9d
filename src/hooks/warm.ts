import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A warm analysis process for the post-edit hook. Every hook is a fresh node process, and compiling
 * the tree-sitter and PostgreSQL wasm parsers in each one costs more than the edit is worth. The first
 * hook starts this server in the background; later hooks hand it their input over a private local
 * socket and print its answer. It exits after a quiet period. Any failure falls back to analyzing in
 * the hook itself, so it can only make hooks faster, never wrong.
 */

/**
 * Where the server listens: a folder only this user can open. The name follows the hook file itself
 * (path and modification time), so a rebuilt or upgraded plugin never talks to an old server.
 */
export function socketPath(entry: string): string {
  const id = createHash('sha256').update(`${entry}:${fs.statSync(entry).mtimeMs}`).digest('hex').slice(0, 16);
  if (process.platform === 'win32') return `\\\\.\\pipe\\proagent-backend-${os.userInfo().username.replace(/[^\w.-]/g, '_')}-${id}`;
  return path.join(privateDir(), `hooks-${id}.sock`);
}

function privateDir(): string {
  const dir = path.join(os.tmpdir(), `proagent-backend-${os.userInfo().uid}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  // Someone else's folder, or one that others can enter, must never carry our requests.
  if (!stat.isDirectory() || stat.uid !== os.userInfo().uid || (stat.mode & 0o077) !== 0) throw new Error(`unsafe socket folder ${dir}`);
  return dir;
}

/** Sends one request line and reads one answer line; undefined when no server answers in time. */
export function ask(socket: string, request: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let answer = '';
    let settled = false;
    const done = (value: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.destroy();
      resolve(value);
    };
    const conn = net.connect(socket);
    const timer = setTimeout(() => done(undefined), timeoutMs);
    conn.on('connect', () => conn.end(`${request}\n`));
    conn.on('data', (chunk) => (answer += chunk.toString('utf8')));
    conn.on('end', () => done(answer.endsWith('\n') ? answer.slice(0, -1) : undefined));
    conn.on('error', () => done(undefined));
  });
}

/** Starts the server in the background, detached from the hook, which then exits as usual. */
export function startServer(entry: string, socket: string): void {
  spawn(process.execPath, [entry, 'serve', socket], { detached: true, stdio: 'ignore', windowsHide: true }).unref();
}

const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** The server side: one JSON request per connection, answered with one JSON line ('null' for no findings). */
export function serve(socket: string, handle: (request: string) => Promise<string>, idleMs: number): void {
  let idle = setTimeout(() => process.exit(0), idleMs);
  // allowHalfOpen: the client ends its side after the request and still waits for the answer.
  const server = net.createServer({ allowHalfOpen: true }, (conn) => {
    clearTimeout(idle);
    idle = setTimeout(() => process.exit(0), idleMs);
    let request = '';
    conn.on('data', (chunk) => {
      request += chunk.toString('utf8');
      if (request.length > MAX_REQUEST_BYTES) conn.destroy();
    });
    conn.on('end', () => {
      handle(request.trim())
        .catch(() => 'null')
        .then((answer) => conn.end(`${answer}\n`));
    });
    conn.on('error', () => conn.destroy());
  });
  server.on('error', () => process.exit(0));
  // A socket file left by a server that died refuses connections: remove it, then listen.
  if (process.platform !== 'win32' && fs.existsSync(socket)) {
    const probe = net.connect(socket);
    probe.on('connect', () => process.exit(0));
    probe.on('error', () => {
      fs.rmSync(socket, { force: true });
      server.listen(socket);
    });
  } else server.listen(socket);
}
