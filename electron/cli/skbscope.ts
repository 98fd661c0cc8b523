/**
 * The command line: `skbscope capture …` runs perf trace and writes a trace file; `skbscope info
 * FILE` prints what a trace holds as JSON; `skbscope FILE…` opens the files in the app.
 * Exit status: 0 done, 1 a capture failed or a file could not be read or written, 2 wrong usage.
 */
import { describeReadError } from '../backend/file-errors';
import { captureCommand } from './capture-command';
import { launchApp } from './launch-app';
import { traceInfo } from './trace-info';

declare const SKBSCOPE_VERSION: string;

const USAGE = `Usage:
  skbscope capture [--ssh [USER@]HOST[:PORT]] [-e EVENT]... [--filter EXPR] [--duration S]
                   [--max-events N] -o FILE [-- COMMAND...]
                         run perf trace here, or on a server over SSH, and write what it
                         captures to FILE (skbscope capture --help says more)
  skbscope info FILE     print what a perf trace holds, as one JSON object
  skbscope [FILE…]       open perf traces in the Skbscope app
  skbscope --version     print the version

FILE is the text perf prints, for example:
  sudo skbscope capture -o trace.txt -- ping -c1 172.17.0.2
  sudo perf trace --no-syscalls -e 'net:*' ping -c1 172.17.0.2 2> trace.txt
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${SKBSCOPE_VERSION}\n`);
    return 0;
  }
  if (command === 'capture') return captureCommand(rest, SKBSCOPE_VERSION);
  if (command === 'info') {
    const [file, ...extra] = rest;
    if (file === undefined || extra.length > 0) {
      process.stderr.write(`skbscope info takes exactly one file.\n\n${USAGE}`);
      return 2;
    }
    return info(file);
  }
  if (command?.startsWith('-')) {
    process.stderr.write(`skbscope: unknown option ${command}\n\n${USAGE}`);
    return 2;
  }
  return launchApp(argv);
}

async function info(file: string): Promise<number> {
  try {
    const result = await traceInfo(file);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (result.events === 0) {
      process.stderr.write(`skbscope: ${file} holds no perf tracepoint events (${result.skippedLines} other lines).\n`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`skbscope: ${describeReadError(err, file)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`skbscope: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
