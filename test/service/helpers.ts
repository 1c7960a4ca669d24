/** Real pipelines for the service tests: the rules layer only (fast), and an anonymize-rs-style keyword/regex one. */
import { createPipeline, type Pipeline, type PipelineConfigInput } from '../../src/pipeline/index.ts';
import { createService, type Service, type ServiceLogEntry, type ServiceOptions } from '../../src/service/index.ts';

export const RULES_PIPELINE: PipelineConfigInput = { name: 'rules-only', detect: { layers: { rules: true } }, assess: 'none', mask: { strategy: 'numbered' } };

/** The anonymize-rs README pipeline without its NER step: a keyword list and a regex list, LABELn placeholders, items. */
export const ANONYMIZE_RS_PIPELINE: PipelineConfigInput = {
  name: 'anonymize-rs-lists',
  detect: {
    layers: {
      keywords: [{ type: 'FRUIT_FLASH', case: 'insensitive', terms: ['apples', 'bananas'] }],
      patterns: [{ type: 'FRUIT_REGEX', patterns: ['\\bplum\\w*\\b'] }],
    },
  },
  assess: 'none',
  mask: { strategy: 'anonymize-rs', items: true },
};

const pipelines = new Map<PipelineConfigInput, Promise<Pipeline>>();

export function pipelineOf(config: PipelineConfigInput): Promise<Pipeline> {
  let pipeline = pipelines.get(config);
  if (!pipeline) pipelines.set(config, (pipeline = createPipeline(config, { env: {} })));
  return pipeline;
}

/** A service on the rules-only pipeline (unless given another) whose log lines are collected in `logs`. */
export async function serviceWith(options: Partial<ServiceOptions> = {}, config: PipelineConfigInput = RULES_PIPELINE): Promise<Service & { logs: ServiceLogEntry[] }> {
  const logs: ServiceLogEntry[] = [];
  const service = createService({ pipeline: await pipelineOf(config), log: (entry) => logs.push(entry), ...options });
  return { ...service, logs };
}

/** A letter with a name, an e-mail address, a date and a phone number the rules layer finds. */
export const LETTER =
  'Dear Mr John Smith, your appointment on 12 March 2021 is confirmed. Write to john.smith@example.com or call +47 912 34 567 with case number 41873/98.';
