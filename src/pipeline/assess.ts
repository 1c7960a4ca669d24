/**
 * The risk-assessment stage: a trained indicator (or combination) loaded from its artefact scores
 * every detected span and decides MASK or keep; per-type overrides force either decision. Without
 * an artefact every span is masked (the recognizer's spans as `sanitize --spans detected` masks them)
 * but a given span labelled NO_MASK. The benchmark runner decides its rows with the same SpanJudge.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, type CandidateSpan, type Document } from '../corpus/index.ts';
import type { RecognizedSpan, TextDocument } from '../detect/index.ts';
import type { IndicatorContext, RiskIndicator } from '../indicators/index.ts';
import type { AssessConfig, PipelineConfig } from './config.ts';
import type { ConfigOrigin } from './detect.ts';

/** The decision on one detected span, with the score and what made it. */
export interface SpanDecision {
  mentionId: string;
  entityId: string;
  entityType: string;
  start: number;
  end: number;
  /** The indicator's risk score (higher = riskier); null without an indicator. */
  risk: number | null;
  mask: boolean;
  /**
   * The indicator's name, `always` / `never` (a per-type override), `none` (no assessment) or
   * `label` (no indicator, and a given span labelled NO_MASK: kept in clear).
   */
  decidedBy: string;
}

export interface AssessmentStage {
  /** `none` or the indicator's name. */
  readonly indicator: string;
  readonly threshold: number | undefined;
  assess(doc: TextDocument, spans: readonly RecognizedSpan[]): Promise<SpanDecision[]>;
}

async function loadArtefact(path: string, origin: ConfigOrigin, context: IndicatorContext): Promise<{ indicator: RiskIndicator; threshold: number | undefined }> {
  // Loaded lazily: the indicators (and their ML libraries) only when a pipeline assesses risk.
  const { loadIndicatorArtefact } = await import('../indicators/index.ts');
  return loadIndicatorArtefact(path, { ...context, baseDir: origin.baseDir });
}

/** `load: false` checks that the artefact file exists without loading it (config checks). */
export async function createAssessmentStage(
  config: PipelineConfig['assess'],
  origin: ConfigOrigin,
  context: IndicatorContext = {},
  { load = true }: { load?: boolean } = {},
): Promise<AssessmentStage> {
  const options: AssessConfig = config === 'none' ? { always: [], never: [] } : config;
  const clash = options.always.filter((t) => options.never.includes(t));
  if (clash.length > 0) throw new InputError([{ file: origin.file, message: `assess.never: ${clash.join(', ')} also listed in assess.always` }]);
  if (options.threshold !== undefined && options.artefact === undefined) {
    throw new InputError([{ file: origin.file, message: 'assess.threshold: a threshold needs an indicator (assess.artefact)' }]);
  }
  const always = new Set(options.always);
  const never = new Set(options.never);
  const artefactPath = options.artefact === undefined ? undefined : resolve(origin.baseDir, options.artefact);
  if (artefactPath !== undefined && !existsSync(artefactPath)) {
    throw new InputError([{ file: origin.file, message: `assess.artefact: ${artefactPath}: file not found` }]);
  }
  const loaded = artefactPath === undefined || !load ? undefined : await loadArtefact(artefactPath, origin, context);
  const judge = createSpanJudge(loaded?.indicator, options.threshold ?? loaded?.threshold, options);

  return {
    indicator: judge.indicator,
    threshold: judge.threshold,
    async assess(doc, spans) {
      if (!loaded || spans.length === 0) return judge.decide(spans, undefined);
      const document: Document = { id: doc.id, text: doc.text, goldKind: 'tab', annotations: [] };
      const candidates: CandidateSpan[] = spans.map((s) => ({ start: s.start, end: s.end, entityId: s.entityId, entityType: s.entityType, mentionId: s.mentionId }));
      return judge.decide(spans, await loaded.indicator.score(document, candidates));
    },
  };
}

/** Turns risk scores into decisions: the indicator → decide path of pipelines and benchmark rows alike. */
export interface SpanJudge {
  /** `none` or the indicator's name. */
  readonly indicator: string;
  readonly threshold: number | undefined;
  /**
   * One decision per span from its risk score (`risks` undefined: no indicator): the indicator's
   * decide at the threshold, then the per-type overrides. Without an indicator every span is
   * masked but a given one its annotator labelled NO_MASK.
   */
  decide(spans: readonly CandidateSpan[], risks: readonly number[] | undefined): SpanDecision[];
}

export function createSpanJudge(indicator: RiskIndicator | undefined, threshold: number | undefined, overrides: { always?: readonly string[]; never?: readonly string[] } = {}): SpanJudge {
  const always = new Set(overrides.always ?? []);
  const never = new Set(overrides.never ?? []);
  const name = indicator?.name ?? 'none';
  return {
    indicator: name,
    threshold,
    decide(spans, risks) {
      if (indicator && risks === undefined && spans.length > 0) throw new Error(`${name}: no risk scores to decide on`);
      if (risks !== undefined && risks.length !== spans.length) throw new Error(`${name}: ${risks.length} risk score(s) for ${spans.length} span(s)`);
      const decisions = indicator && risks ? indicator.decide(risks, threshold) : spans.map((s) => s.label !== 'NO_MASK');
      return spans.map((s, i) => {
        const forced = always.has(s.entityType) ? 'always' : never.has(s.entityType) ? 'never' : undefined;
        return {
          mentionId: s.mentionId ?? '',
          entityId: s.entityId,
          entityType: s.entityType,
          start: s.start,
          end: s.end,
          risk: indicator && risks ? risks[i] : null,
          mask: forced ? forced === 'always' : decisions[i],
          decidedBy: forced ?? (!indicator && s.label === 'NO_MASK' ? 'label' : name),
        };
      });
    },
  };
}
