import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPipeline, type PipelineConfigInput } from '../../src/pipeline/index.ts';

// The bundled artefact of pipelines/risk-tab.yaml: sequence labelling with the TAB MASK/NO_MASK model.
const PIPELINES = join(import.meta.dirname, '../../pipelines');
const TEXT = 'John Smith (born 12 May 1970) lives in Oslo, e-mail john@smith.no.';

async function assessed(assess: PipelineConfigInput['assess']) {
  const pipeline = await createPipeline({ detect: { layers: { rules: true, gazetteers: true } }, assess }, { baseDir: PIPELINES, file: 'p.yaml', env: {} });
  return { pipeline, result: await pipeline.runOne({ id: 'd', text: TEXT }) };
}

describe('pipeline risk assessment with a trained artefact', () => {
  it('scores every span, masks the risky ones and lists the ones kept in clear with their scores', async () => {
    const { pipeline, result } = await assessed({ artefact: 'risk-tab.indicator.json' });
    expect(pipeline.indicator).toBe('sequence-labelling');
    expect(result.decisions.length).toBeGreaterThan(2);
    for (const d of result.decisions) {
      expect(d.decidedBy).toBe('sequence-labelling');
      expect(d.risk).toBeGreaterThanOrEqual(0);
      expect(d.risk).toBeLessThanOrEqual(1);
      const surface = TEXT.slice(d.start, d.end);
      if (d.mask) expect(result.text).not.toContain(surface);
      else expect(result.text).toContain(surface);
    }
    expect(result.kept).toEqual(result.decisions.filter((d) => !d.mask));
    expect(result.kept.length).toBeGreaterThan(0);
    expect(result.counts.masked + result.counts.kept).toBe(result.decisions.length);
    expect(result.counts.masked).toBeGreaterThan(0);
  });

  it('a threshold in the config overrides the artefact’s; always/never override the indicator', async () => {
    const all = (await assessed({ artefact: 'risk-tab.indicator.json', threshold: 0 })).result;
    expect(all.kept).toEqual([]);
    const none = (await assessed({ artefact: 'risk-tab.indicator.json', threshold: 1.5 })).result;
    expect(none.counts.masked).toBe(0);
    expect(none.text).toBe(TEXT);
    const forced = (await assessed({ artefact: 'risk-tab.indicator.json', threshold: 1.5, always: ['CODE'] })).result;
    const code = forced.decisions.find((d) => d.entityType === 'CODE');
    expect(code).toMatchObject({ mask: true, decidedBy: 'always' });
    expect(typeof code?.risk).toBe('number');
    expect(forced.text).not.toContain('john@smith.no');
  });

  it('an artefact that is not one is refused, naming the file', async () => {
    await expect(assessed({ artefact: 'default.yaml' })).rejects.toThrow(/default\.yaml/);
  });
});
