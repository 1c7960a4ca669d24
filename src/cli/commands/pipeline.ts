/** `sanitext pipeline --print-schema | --check <config>`: the pipeline config's JSON Schema, or a check of a config. */
import type { Command } from 'commander';
import { InputError } from '../../corpus/index.ts';
import { checkPipeline, pipelineJsonSchema } from '../../pipeline/index.ts';

interface PipelineFlags {
  printSchema?: boolean;
  check?: string;
}

export function registerPipeline(program: Command): void {
  program
    .command('pipeline')
    .description('pipeline configs (pipelines/*.yaml: detect → assess → mask): print their JSON Schema or check one without loading models')
    .option('--print-schema', 'print the JSON Schema of pipeline configs')
    .option('--check <config>', 'validate a pipeline config (YAML or JSON): fields, strategies, key, model references, list files, patterns, artefact')
    .action(async (flags: PipelineFlags) => {
      if (flags.printSchema) {
        process.stdout.write(`${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`);
        return;
      }
      if (flags.check === undefined) throw new InputError([{ file: '(command line)', message: 'give --print-schema or --check CONFIG' }]);
      const summary = await checkPipeline(flags.check);
      const assess = summary.artefact === undefined ? 'none' : `artefact ${summary.artefact}`;
      process.stdout.write(`${flags.check}: valid (layers: ${summary.layers.join(', ')}; assess: ${assess}; mask: ${summary.strategies.join(', ')})\n`);
    });
}
