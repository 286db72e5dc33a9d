import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createServer } from './server.ts';

// stdout carries the protocol only; anything else a dependency prints must go to stderr.
console.log = console.error;
console.info = console.error;

await createServer().connect(new StdioServerTransport());
