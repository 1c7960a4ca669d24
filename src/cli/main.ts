/** The `sanitext` command line: parses arguments, runs one command, turns errors into messages. */
import { Command, CommanderError, type Help } from 'commander';
import { InputError } from '../corpus/index.ts';
import { registerCommandStandIns, type CommandEntry } from './commands/index.ts';
import { interruptProgress } from './progress.ts';

function createProgram(): Command {
  return new Command()
    .name('sanitext')
    .description('Text sanitization: detect personal information, assess its risk, evaluate on TAB, mask it')
    .option('--data-dir <dir>', 'dataset root (default: $SANITEXT_DATA_DIR, else datasets/ in the repository)')
    .showHelpAfterError()
    .exitOverride();
}

/**
 * Two passes keep start-up light: the first knows only the commands' names and summaries (enough for
 * `sanitext --help`, `help` and a misspelt command), the second loads the chosen command's module alone.
 */
async function run(argv: string[]): Promise<void> {
  let chosen: CommandEntry | undefined;
  const overview = createProgram().configureHelp({ subcommandTerm: (command: Command) => `${command.name()} ${command.usage()}`.trimEnd() } satisfies Partial<Help>);
  registerCommandStandIns(overview, (entry) => (chosen = entry));
  await overview.parseAsync(argv);
  if (!chosen) return;
  const program = createProgram();
  (await chosen.load())(program);
  await program.parseAsync(argv);
}

try {
  await run(process.argv);
} catch (error) {
  interruptProgress(); // a message starts on its own line, not after a progress bar
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof InputError) {
    process.stderr.write(`sanitext: bad input\n${error.message}\n`);
    process.exitCode = 2;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`sanitext: ${message}\n`);
    if (process.env.SANITEXT_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = 1;
  }
}
