/**
 * Every CLI command, one line each: its name, usage and summary (all `sanitext --help` shows) and the module
 * that defines it. That module is imported only when its command runs or shows its own help, so start-up
 * never loads the model runtimes or the NLP and ML libraries of commands that do not run.
 */
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  /** Arguments as the command's own help writes them (checked against it by test/cli/startup.test.ts). */
  usage: string;
  summary: string;
  /** The command module's register function: it adds the full command (options, help, action) to a program. */
  load: () => Promise<(program: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'evaluate', usage: '[options] [gold] [system]', summary: 'TAB metrics of system spans against gold annotations', load: async () => (await import('./evaluate.ts')).registerEvaluate },
  { name: 'datasets', usage: '[options] [command]', summary: 'list or download datasets', load: async () => (await import('./datasets.ts')).registerDatasets },
  { name: 'quickstart', usage: '[options]', summary: 'run experiments/quickstart.yaml on the bundled sample data and model (no network)', load: async () => (await import('./quickstart.ts')).registerQuickstart },
  { name: 'detect', usage: '[options] <input>', summary: 'detect spans that could identify a person', load: async () => (await import('./detect.ts')).registerDetect },
  { name: 'benchmark', usage: '[options] [config]', summary: 'run an experiment config (experiments/*.yaml) and write its report', load: async () => (await import('./benchmark.ts')).registerBenchmark },
  { name: 'reproduce', usage: '[options] [configs...]', summary: 'run every experiment and evaluation config, N processes at a time', load: async () => (await import('./reproduce.ts')).registerReproduce },
  { name: 'sanitize', usage: '[options] <input>', summary: 'mask spans and save the mapping that restores them', load: async () => (await import('./sanitize.ts')).registerSanitize },
  { name: 'restore', usage: '[options] <input>', summary: 'put the originals back into sanitized text', load: async () => (await import('./restore.ts')).registerRestore },
  { name: 'report', usage: '[options] [dirs...]', summary: 're-render the report files of benchmark runs from their metrics.json', load: async () => (await import('./report.ts')).registerReport },
  { name: 'pipeline', usage: '[options]', summary: 'print the JSON Schema of pipeline configs or check one', load: async () => (await import('./pipeline.ts')).registerPipeline },
  { name: 'assess', usage: '[options] <input>', summary: 'risk scores and mask/keep decisions of detected spans, by a pipeline', load: async () => (await import('./assess.ts')).registerAssess },
  { name: 'train', usage: '[options] <config>', summary: 'fit a risk indicator (or a combination) on gold spans and save it as an artefact', load: async () => (await import('./train.ts')).registerTrain },
  { name: 'serve', usage: '[options]', summary: 'serve the sanitization API over HTTP with one pipeline (OpenAPI at /openapi.json)', load: async () => (await import('./serve.ts')).registerServe },
  { name: 'proxy', usage: '[options]', summary: 'an OpenAI-compatible LLM proxy that sanitizes prompts and restores originals in answers', load: async () => (await import('./proxy.ts')).registerProxy },
  { name: 'queue', usage: '[options] [command]', summary: 'sanitize a corpus on many machines through a BullMQ queue over Redis (submit, work, status, collect)', load: async () => (await import('./queue.ts')).registerQueue },
];

/**
 * Adds every command to `program` as a stand-in with only its name and summary; the stand-in's action records
 * which command the arguments chose, and `main.ts` then loads that command's module and parses again.
 */
export function registerCommandStandIns(program: Command, chosen: (entry: CommandEntry) => void): void {
  for (const entry of COMMANDS) {
    program
      .command(entry.name)
      .summary(entry.summary)
      .usage(entry.usage)
      .helpOption(false) // `sanitext <command> --help` is answered by the real command
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => chosen(entry));
  }
  // `help <command>` also needs the real command (commander's own would print the stand-in's help).
  program.helpCommand(false);
  program
    .command('help')
    .usage('[command]')
    .argument('[command]')
    .description('display help for command')
    .action((name: string | undefined) => {
      const entry = COMMANDS.find((e) => e.name === name);
      if (entry) chosen(entry);
      else if (name === undefined) program.help();
      else program.error(`error: unknown command '${name}'`);
    });
}
