/**
 * A fake Anthropic Messages API for end-to-end runs of the real Claude Code CLI.
 *
 * It listens on 127.0.0.1 (port 0: the OS picks a free port), records every request body, and
 * answers `POST /v1/messages` with SSE when the request asks for `stream: true`, else with JSON.
 * `count_tokens` gets about chars/4 of the text in the request. Anything else gets `{}`.
 *
 * Several CLI runs can share one server: a run whose base URL is `urlFor(tag)` sends its requests
 * to `/t/<tag>/v1/...`; they are recorded with that tag and answered as if the prefix were absent.
 *
 * Scripting: `script(turns)` queues answers. Each `/v1/messages` request that carries a non-empty
 * `tools` array (a main-loop or subagent turn) takes the next turn; requests without tools (titles,
 * summaries) and requests after the script is used up get plain text.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: string; [key: string]: unknown };

/** The parts of a Messages request body the tests read. */
export interface MessagesBody {
  model?: string;
  stream?: boolean;
  system?: string | ContentBlock[];
  messages?: { role: string; content: string | ContentBlock[] }[];
  tools?: { name: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

export interface Recorded {
  /** 1-based order of arrival across all tags. */
  n: number;
  /** '' for requests sent to the bare url. */
  tag: string;
  method: string;
  /** The path with any /t/<tag> prefix removed, query string kept. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON (undefined when empty). */
  body: MessagesBody | string | undefined;
}

export type Turn =
  | { text: string }
  | { tool_use: { name: string; input?: Record<string, unknown> }; text?: string }
  | { content: ContentBlock[]; stop_reason?: string };

export interface FakeApi {
  /** Base URL for ANTHROPIC_BASE_URL, e.g. http://127.0.0.1:43121 */
  url: string;
  /** A base URL whose requests are recorded under `tag`. */
  urlFor(tag: string): string;
  /** Every request so far, or only those of one tag. Copies: later requests do not change them. */
  requests(tag?: string): Recorded[];
  /** Replaces the queue of scripted answers for tool-bearing requests. */
  script(turns: Turn[]): void;
  close(): Promise<void>;
}

export const DEFAULT_REPLY = 'HELLO FROM FAKE';

const TAGGED = /^\/t\/([A-Za-z0-9_-]+)(\/.*)?$/;

export async function startFakeApi(): Promise<FakeApi> {
  const recorded: Recorded[] = [];
  let queue: Turn[] = [];
  let toolIds = 0;
  let messageIds = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const match = TAGGED.exec(req.url ?? '/');
      const tag = match ? match[1]! : '';
      const path = match ? (match[2] ?? '/') : (req.url ?? '/');
      const body = parseBody(raw);
      recorded.push({ n: recorded.length + 1, tag, method: req.method ?? 'GET', path, headers: req.headers, body });

      const pathname = path.split('?')[0]!;
      if (req.method === 'POST' && pathname === '/v1/messages/count_tokens') {
        return sendJson(res, { input_tokens: typeof body === 'object' ? countTokens(body) : 1 });
      }
      if (req.method !== 'POST' || pathname !== '/v1/messages' || typeof body !== 'object') {
        return sendJson(res, {});
      }
      const carriesTools = Array.isArray(body.tools) && body.tools.length > 0;
      const turn: Turn = carriesTools && queue.length ? queue.shift()! : { text: DEFAULT_REPLY };
      const { content, stop } = blocksFor(turn, () => `toolu_fake_${++toolIds}`);
      const message = {
        id: `msg_fake_${++messageIds}`,
        type: 'message',
        role: 'assistant',
        model: body.model ?? 'claude-fake',
        stop_sequence: null,
      };
      if (body.stream) sendStream(res, message, content, stop);
      else sendJson(res, { ...message, content, stop_reason: stop, usage: { input_tokens: 10, output_tokens: 5 } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    urlFor: (tag) => {
      if (!/^[A-Za-z0-9_-]+$/.test(tag)) throw new Error(`bad tag ${JSON.stringify(tag)}`);
      return `${url}/t/${tag}`;
    },
    requests: (tag) => recorded.filter((r) => tag === undefined || r.tag === tag).map((r) => ({ ...r })),
    script: (turns) => {
      queue = [...turns];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** About four characters a token, over the text the model would read (system, messages, tool schemas). */
function countTokens(body: MessagesBody): number {
  const text = (content: unknown): string =>
    typeof content === 'string' ? content : Array.isArray(content) ? content.map((b: { text?: unknown; content?: unknown }) => (typeof b.text === 'string' ? b.text : text(b.content))).join('\n') : '';
  const chars = text(body.system).length + (body.messages ?? []).reduce((sum, m) => sum + text(m.content).length, 0) + (body.tools?.length ? JSON.stringify(body.tools).length : 0);
  return Math.max(1, Math.ceil(chars / 4));
}

function parseBody(raw: string): MessagesBody | string | undefined {
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as MessagesBody) : raw;
  } catch {
    return raw;
  }
}

function blocksFor(turn: Turn, nextId: () => string): { content: ContentBlock[]; stop: string } {
  if ('content' in turn) return { content: turn.content, stop: turn.stop_reason ?? 'end_turn' };
  if ('tool_use' in turn) {
    const content: ContentBlock[] = [];
    if (turn.text) content.push({ type: 'text', text: turn.text });
    content.push({ type: 'tool_use', id: nextId(), name: turn.tool_use.name, input: turn.tool_use.input ?? {} });
    return { content, stop: 'tool_use' };
  }
  return { content: [{ type: 'text', text: turn.text }], stop: 'end_turn' };
}

function sendJson(res: http.ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function sendStream(res: http.ServerResponse, message: Record<string, unknown>, content: ContentBlock[], stop: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  event('message_start', { message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 10, output_tokens: 1 } } });
  content.forEach((block, index) => {
    if (block.type === 'tool_use') {
      const { input, ...start } = block as { input: unknown };
      event('content_block_start', { index, content_block: { ...start, input: {} } });
      event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(input ?? {}) } });
    } else if (block.type === 'text') {
      event('content_block_start', { index, content_block: { type: 'text', text: '' } });
      event('content_block_delta', { index, delta: { type: 'text_delta', text: (block as { text: string }).text } });
    } else {
      event('content_block_start', { index, content_block: block });
    }
    event('content_block_stop', { index });
  });
  event('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } });
  event('message_stop', {});
  res.end();
}
