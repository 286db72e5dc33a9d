import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from '../build.ts';
import { analyze } from '../pipeline.ts';
import { jsonReport, textReport } from '../report/print.ts';
import { stdio, type Io } from './io.ts';
import { RUNTIME_COMMANDS, RUNTIME_USAGE, runRuntime } from './runtime.ts';

const USAGE = `usage: proagent-backend <command> [options]

commands:
  validate            check the plugin source; writes nothing
  build               validate, then write dist/ (bundle, zip, marketplace) in one swap
  review, lint-sql, lint-openapi, explain
                      the analyzers that also ship in the plugin (see below)

options:
  --root DIR          plugin source root (default: current directory)
  --out DIR           output folder for build (default: outDir in proagent.config.json)
  --format text|json  report format (default: text)
  --allow-warnings    build even when only warnings were found
  -h, --help          show this help

exit status: 0 clean, 1 problems found, 2 usage or environment error

${RUNTIME_USAGE}`;


/** Runs the CLI and returns its exit status; it never throws, and never prints a stack trace unless asked. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  if (argv[0] && RUNTIME_COMMANDS.includes(argv[0])) return runRuntime(argv, io);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        root: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'allow-warnings': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`proagent-backend: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const command = positionals[0];
  if ((command !== 'validate' && command !== 'build') || positionals.length > 1) {
    io.err(`proagent-backend: ${command ? `unknown command "${positionals.join(' ')}"` : 'missing command'}\n\n${USAGE}`);
    return 2;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    io.err(`proagent-backend: --format must be text or json, not "${values.format}"`);
    return 2;
  }
  const root = path.resolve(values.root ?? '.');
  try {
    const result = command === 'build' ? build({ root, outDir: values.out, allowWarnings: values['allow-warnings'] }) : analyze(root);
    io.out(values.format === 'json' ? jsonReport(result) : textReport(result, root));
    const failing = result.diagnostics.filter((d) => d.severity === 'error' || !values['allow-warnings']);
    return failing.length ? 1 : 0;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    io.err(`proagent-backend: ${command} failed: ${e.code ? `${e.code} ` : ''}${e.message}${e.path ? ` (${e.path})` : ''}`);
    if (process.env.PROAGENT_DEBUG) io.err(String(e.stack));
    return 2;
  }
}
