/** The `sanitext` command line: parses arguments, runs one command, turns errors into messages. */
import { Command, CommanderError } from 'commander';
import { InputError } from '../corpus/index.ts';
import { registerCommands } from './commands/index.ts';

const program = new Command();
program
  .name('sanitext')
  .description('Text sanitization: detect personal information, assess its risk, evaluate on TAB, mask it')
  .option('--data-dir <dir>', 'dataset root (default: $SANITEXT_DATA_DIR, else datasets/ in the repository)')
  .showHelpAfterError()
  .exitOverride();
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
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
