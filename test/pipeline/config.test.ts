import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/corpus/index.ts';
import { checkPipeline, parsePipelineConfig, pipelineJsonSchema, readPipelineConfig } from '../../src/pipeline/index.ts';

const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems.map((p) => `${p.file}: ${p.message}`);
  }
  throw new Error('expected an InputError');
};

describe('pipeline config', () => {
  it('fills defaults: every detected span masked with numbered placeholders', () => {
    const config = parsePipelineConfig({}, 'p.yaml');
    expect(config.assess).toBe('none');
    expect(config.mask).toMatchObject({ strategy: 'numbered', scope: 'document', byType: {} });
    expect(config.detect).toMatchObject({ language: 'en', minConfidence: 0, allow: [], deny: [] });
    expect(config.detect.layers).toBeUndefined();
  });

  it('rejects unknown keys with the field path and the file', () => {
    expect(problems(() => parsePipelineConfig({ detect: { layers: { rules: { familes: {} } } } }, 'p.yaml'))).toEqual([
      'p.yaml: detect.layers.rules: Unrecognized key: "familes"',
    ]);
    expect(problems(() => parsePipelineConfig({ assess: { artefact: 'a.json', treshold: 1 } }, 'p.yaml'))).toEqual(['p.yaml: assess: Unrecognized key: "treshold"']);
    expect(problems(() => parsePipelineConfig({ mask: { byType: { DATETIME: 3 } } }, 'p.yaml'))[0]).toMatch(/^p\.yaml: mask\.byType\.DATETIME: .*expected string/);
  });

  it('accepts only the languages with rules (or auto), naming the field', () => {
    expect(parsePipelineConfig({ detect: { language: 'de' } }, 'p.yaml').detect.language).toBe('de');
    expect(problems(() => parsePipelineConfig({ detect: { language: 'tr' } }, 'p.yaml'))).toEqual(['p.yaml: detect.language: one of en, de, es, nl, fr, pl, auto, not "tr"']);
  });

  it('needs terms or a file in a keyword list, a type in a deny entry', () => {
    expect(problems(() => parsePipelineConfig({ detect: { layers: { keywords: [{ type: 'FRUIT' }] } } }, 'p.yaml'))).toEqual([
      'p.yaml: detect.layers.keywords.0: a keyword list needs terms or a file',
    ]);
    expect(problems(() => parsePipelineConfig({ detect: { deny: [{ text: 'x' }] } }, 'p.yaml'))[0]).toMatch(/^p\.yaml: detect\.deny\.0\.type: /);
  });

  it('reads YAML and JSON files; a missing or malformed file is named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-config-'));
    writeFileSync(join(dir, 'p.yaml'), 'mask:\n  strategy: redact\n');
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ mask: { strategy: 'type-tag' } }));
    writeFileSync(join(dir, 'bad.yaml'), 'mask: [unclosed\n');
    expect((await readPipelineConfig(join(dir, 'p.yaml'))).config.mask.strategy).toBe('redact');
    expect((await readPipelineConfig(join(dir, 'p.json'))).config.mask.strategy).toBe('type-tag');
    expect((await readPipelineConfig(join(dir, 'p.json'))).baseDir).toBe(dir);
    await expect(readPipelineConfig(join(dir, 'missing.yaml'))).rejects.toThrow(`${join(dir, 'missing.yaml')}: file not found`);
    await expect(readPipelineConfig(join(dir, 'bad.yaml'))).rejects.toThrow(/bad\.yaml: not valid YAML or JSON/);
  });

  it('has a JSON Schema describing the three sections', () => {
    const schema = pipelineJsonSchema() as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['detect', 'assess', 'mask']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('checks strategies, model references, list files and the artefact without loading anything', async () => {
    const check = (config: object) => checkPipeline(config, { file: 'p.yaml', env: {} });
    await expect(check({ mask: { byType: { CODE: 'scramble' } } })).rejects.toThrow(/p\.yaml: mask\.byType\.CODE: unknown masking strategy "scramble"/);
    await expect(check({ mask: { strategy: 'keyed-tag' } })).rejects.toThrow(/p\.yaml: mask\.key: strategy keyed-tag needs a secret key/);
    await expect(check({ mask: { key: { env: 'NO_SUCH_VARIABLE_SET' } } })).rejects.toThrow(/mask\.key\.env: the environment variable NO_SUCH_VARIABLE_SET is not set/);
    await expect(check({ detect: { layers: { neural: { model: './no-such-model' } } } })).rejects.toThrow(/p\.yaml: detect\.layers\.neural\.model: .*no-such-model/);
    await expect(check({ detect: { layers: { keywords: [{ type: 'X', file: 'no-such-list.txt' }] } } })).rejects.toThrow(/detect\.layers\.keywords\.0\.file: .*no-such-list\.txt: file not found/);
    await expect(check({ detect: { layers: { rules: { exclude: ['no-such-rule'] } } } })).rejects.toThrow(/detect\.layers\.rules\.exclude\.0: no rule "no-such-rule"/);
    await expect(check({ assess: { artefact: 'no-such-artefact.json' } })).rejects.toThrow(/assess\.artefact: .*no-such-artefact\.json: file not found/);
    await expect(check({ assess: { always: ['CODE'], never: ['CODE'] } })).rejects.toThrow(/assess\.never: CODE also listed in assess\.always/);
    await expect(check({ mask: { strategy: 'redact', items: true } })).rejects.toThrow(/mask\.items: .*redact/);
    const summary = await check({ detect: { layers: { rules: true, neural: { model: 'minibert-tab-ner' } } }, mask: { byType: { DATETIME: 'generalize' } } });
    expect(summary.layers).toEqual(['rules', 'neural']);
    expect(summary.strategies).toEqual(['numbered', 'generalize']);
  });

  it('keeps pipelines/schema.json in sync with the schema', () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../../pipelines/schema.json'), 'utf8'));
    expect(committed).toEqual(pipelineJsonSchema());
  });

  it('the bundled pipelines are valid', async () => {
    for (const name of ['default', 'anonymize-rs', 'risk-tab']) {
      const summary = await checkPipeline(join(import.meta.dirname, '../../pipelines', `${name}.yaml`), { env: {} });
      expect(summary.layers.length).toBeGreaterThan(0);
    }
  });
});
