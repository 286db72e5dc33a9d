import { z } from 'zod';

const env = z.record(z.string(), z.string());

export const stdioServerSchema = z.strictObject({
  type: z.literal('stdio').optional(),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: env.optional(),
  timeout: z.number().int().positive().optional(),
  alwaysLoad: z.boolean().optional(),
  network: z.strictObject({ hosts: z.array(z.string()) }).optional(),
});

export const remoteServerSchema = z.strictObject({
  type: z.enum(['http', 'streamable-http', 'sse', 'ws']),
  url: z.url(),
  headers: z.record(z.string(), z.string()).optional(),
  headersHelper: z.string().optional(),
  oauth: z.record(z.string(), z.unknown()).optional(),
  timeout: z.number().int().positive().optional(),
  alwaysLoad: z.boolean().optional(),
  tools: z.unknown().optional(),
});

export const mcpServerSchema = z.union([stdioServerSchema, remoteServerSchema]);
export const mcpFileSchema = z.strictObject({ mcpServers: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'server names use letters, digits, - and _'), mcpServerSchema) });

export type McpServer = z.infer<typeof mcpServerSchema>;
export type McpFile = z.infer<typeof mcpFileSchema>;
