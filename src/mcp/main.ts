import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { useBundledGrammars } from '../runtime-env.ts';
import { createServer } from './server.ts';

// stdout carries the protocol only; anything else a dependency prints must go to stderr.
console.log = console.error;
console.info = console.error;

useBundledGrammars(import.meta.url);
await createServer().connect(new StdioServerTransport());
