import { useBundledGrammars } from '../runtime-env.ts';
import { stdio } from './io.ts';
import { runRuntime } from './runtime.ts';

// The plugin's bundled entry point: an unexpected error must never print a stack into a prompt.
useBundledGrammars(import.meta.url);
try {
  process.exitCode = await runRuntime(process.argv.slice(2), stdio);
} catch (error) {
  stdio.err(`proagent-backend: internal error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
