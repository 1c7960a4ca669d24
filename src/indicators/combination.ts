/**
 * Combining risk indicators (paper §6.4, Table 7): a span is masked when at least k of the chosen
 * indicators decide MASK ("at-least", k = 1..n), or by a weighted vote learned on the train split.
 *
 * The learned vote is a logistic regression over the members' MASK/NO_MASK decisions (0/1) plus
 * an intercept, with an L2 penalty, fitted by Newton's method on the labelled train spans. Why
 * decisions and not raw scores: the members' scores live on unrelated scales (hit counts in the
 * millions, log-probabilities, probabilities), while their decisions already carry each member's
 * own fitted threshold; and with at most a handful of binary features the model stays readable
 * (one weight per indicator). It is a few lines here rather than `ml-logistic-regression`, which
 * has no intercept, no penalty (its weights diverge on separable data) and no types.
 * "f1-weights" is the simpler alternative: each member votes with the word-weighted F1 it reaches
 * on the train spans, and a span is masked when the weighted vote reaches half of the total.
 *
 * Caveat for learned rules: when the members are fitted on the same train split, their train
 * decisions are better than their test decisions, so the learned weights favour the members that
 * overfit most. Fit the members on another split (fitMembers: false) when one is available.
 */
import type { CandidateSpan, Document } from '../corpus/index.ts';
import { z } from 'zod';
import { checkIndicatorOptions, indicatorFactory, registerIndicator, validatorOf, type OptionProblem } from './registry.ts';
import type { IndicatorContext, RiskIndicator, SpanDocument } from './types.ts';
import type { ModelReference } from '../models/index.ts';

export type CombinationRule =
  | { kind: 'at-least'; k: number }
  | { kind: 'logistic-regression'; /** L2 penalty on the weights (not the intercept); default 1. */ l2?: number }
  | { kind: 'f1-weights' };

export interface CombinationOptions {
  members: readonly RiskIndicator[];
  rule: CombinationRule;
  /** Fit the members in `fit` before learning the vote (default true). */
  fitMembers?: boolean;
  /** Thresholds handed to each member's `decide` (undefined: the member's own). */
  memberThresholds?: readonly (number | undefined)[];
}

export class CombinationIndicator implements RiskIndicator {
  readonly name = 'combination';
  readonly members: readonly RiskIndicator[];
  readonly rule: CombinationRule;
  private readonly fitMembers: boolean;
  private readonly memberThresholds: readonly (number | undefined)[];
  /** Learned per-member weights and intercept (learned rules only). */
  private weights?: number[];
  private bias = 0;
  /** The registry options it was built from (createCombinationIndicator), for effectiveOptions(). */
  registryOptions?: Record<string, unknown>;

  constructor(options: CombinationOptions) {
    if (options.members.length === 0) throw new Error('combination: needs at least one member indicator');
    if (options.rule.kind === 'at-least') {
      const { k } = options.rule;
      if (!Number.isInteger(k) || k < 1 || k > options.members.length) {
        throw new Error(`combination: k must be an integer from 1 to ${options.members.length} (the number of members), got ${k}`);
      }
    }
    this.members = options.members;
    this.rule = options.rule;
    this.fitMembers = options.fitMembers ?? true;
    this.memberThresholds = options.memberThresholds ?? [];
  }

  async fit(train: readonly SpanDocument[]): Promise<void> {
    if (this.fitMembers) for (const member of this.members) await member.fit(train);
    if (this.rule.kind === 'at-least') return;
    const rows: number[][] = [];
    const labels: number[] = [];
    const weights: number[] = [];
    for (const { doc, spans } of train) {
      const labelled = spans.filter((s) => s.label !== undefined);
      if (labelled.length === 0) continue;
      const votes = await this.votes(doc, labelled);
      labelled.forEach((span, i) => {
        rows.push(votes[i]);
        labels.push(span.label === 'MASK' ? 1 : 0);
        weights.push(span.end - span.start > 0 ? wordCount(doc.text.slice(span.start, span.end)) : 1);
      });
    }
    if (rows.length === 0) throw new Error(`combination (${this.rule.kind}): no train spans with MASK/NO_MASK labels to learn from`);
    if (this.rule.kind === 'logistic-regression') {
      const model = fitLogisticRegression(rows, labels, this.rule.l2 ?? 1);
      this.weights = model.weights;
      this.bias = model.bias;
    } else {
      this.weights = this.members.map((_, m) => weightedF1(rows.map((r) => r[m] === 1), labels, weights));
      this.bias = 0;
    }
  }

  /** Per span: the number of MASK votes (at-least), or the learned vote in [0, 1]. */
  async score(doc: Document, spans: readonly CandidateSpan[]): Promise<number[]> {
    return this.scoreVotes(await this.votes(doc, spans), doc.id);
  }

  /**
   * The combined score from decisions the members already made (memberDecisions[member][span]),
   * without scoring again: what the benchmark runner uses for a combination of its rows.
   */
  scoreDecisions(memberDecisions: readonly (readonly boolean[])[], docId = '(decisions)'): number[] {
    if (memberDecisions.length !== this.members.length) {
      throw new Error(`combination: ${memberDecisions.length} member decision list(s) for ${this.members.length} members (document ${docId})`);
    }
    const spanCount = memberDecisions[0].length;
    if (memberDecisions.some((d) => d.length !== spanCount)) throw new Error(`combination: the members decided on different numbers of spans (document ${docId})`);
    return this.scoreVotes(Array.from({ length: spanCount }, (_, s) => memberDecisions.map((decisions) => (decisions[s] ? 1 : 0))), docId);
  }

  /** votes[span][member] (0/1) → the number of MASK votes (at-least) or the learned vote. */
  private scoreVotes(votes: readonly (readonly number[])[], docId: string): number[] {
    if (this.rule.kind === 'at-least') return votes.map((v) => v.reduce((a, b) => a + b, 0));
    const weights = this.weights;
    if (!weights) throw new Error(`combination (${this.rule.kind}): call fit() on a train split before score() (document ${docId})`);
    if (this.rule.kind === 'logistic-regression') return votes.map((v) => sigmoid(this.bias + dot(weights, v)));
    const total = weights.reduce((a, b) => a + b, 0);
    return votes.map((v) => (total === 0 ? 0 : dot(weights, v) / total));
  }

  /** at-least: votes ≥ k (threshold overrides k); learned: score ≥ 0.5. */
  decide(risks: readonly number[], threshold?: number): boolean[] {
    const cut = threshold ?? (this.rule.kind === 'at-least' ? this.rule.k : 0.5);
    return risks.map((r) => r >= cut);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      rule: this.rule,
      members: this.members.map((m) => m.toJSON?.() ?? { name: m.name }),
      ...(this.weights ? { weights: this.weights, bias: this.bias } : {}),
    };
  }

  /** The registry options with each member's own effective options (see RiskIndicator). */
  effectiveOptions(): Record<string, unknown> {
    const given = this.registryOptions ?? {};
    const specs = (given.members as { name: string; options?: Record<string, unknown> }[] | undefined) ?? this.members.map((m) => ({ name: m.name, options: undefined }));
    return { ...given, members: this.members.map((member, i) => ({ name: specs[i]?.name ?? member.name, options: member.effectiveOptions?.() ?? specs[i]?.options ?? {} })) };
  }

  /** Puts back the learned vote and each member's state (as toJSON saved them). */
  restoreState(state: unknown): void {
    const json = state as { name?: unknown; members?: unknown; weights?: unknown; bias?: unknown } | null;
    if (json?.name !== this.name) throw new Error(`saved indicator is "${String(json?.name)}", not ${this.name}`);
    if (!Array.isArray(json.members) || json.members.length !== this.members.length) {
      throw new Error(`combination: the saved state has ${Array.isArray(json.members) ? json.members.length : 'no'} member(s), the options ${this.members.length}`);
    }
    const saved = json.members as unknown[];
    this.members.forEach((member, i) => member.restoreState?.(saved[i]));
    if (this.rule.kind !== 'at-least') {
      if (!Array.isArray(json.weights) || json.weights.length !== this.members.length || json.weights.some((w) => typeof w !== 'number') || typeof json.bias !== 'number') {
        throw new Error(`combination (${this.rule.kind}): the saved state has no learned weights for its ${this.members.length} members`);
      }
      this.weights = json.weights as number[];
      this.bias = json.bias;
    }
  }

  /** Every member's models, each once. */
  modelReferences(): ModelReference[] {
    const seen = new Map<string, ModelReference>();
    for (const ref of this.members.flatMap((m) => m.modelReferences?.() ?? [])) seen.set(JSON.stringify(ref), ref);
    return [...seen.values()];
  }

  /** votes[span][member] = 1 when that member decides MASK. */
  private async votes(doc: Document, spans: readonly CandidateSpan[]): Promise<number[][]> {
    const perMember: boolean[][] = [];
    for (const [m, member] of this.members.entries()) {
      const scores = await member.score(doc, spans);
      if (scores.length !== spans.length) {
        throw new Error(`combination: member ${member.name} returned ${scores.length} scores for ${spans.length} spans (document ${doc.id})`);
      }
      perMember.push(member.decide(scores, this.memberThresholds[m]));
    }
    return spans.map((_, s) => perMember.map((decisions) => (decisions[s] ? 1 : 0)));
  }
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function wordCount(text: string): number {
  return Math.max(1, text.split(/\s+/).filter(Boolean).length);
}

/** Word-weighted F1 of one member's decisions against the gold labels. */
function weightedF1(decisions: readonly boolean[], labels: readonly number[], weights: readonly number[]): number {
  let tp = 0;
  let predicted = 0;
  let positives = 0;
  decisions.forEach((d, i) => {
    if (d) predicted += weights[i];
    if (labels[i] === 1) positives += weights[i];
    if (d && labels[i] === 1) tp += weights[i];
  });
  return predicted + positives === 0 ? 0 : (2 * tp) / (predicted + positives);
}

/**
 * L2-penalised logistic regression by Newton's method (the intercept is not penalised). With a
 * handful of features each step solves a tiny linear system; the penalty keeps the Hessian
 * invertible and the weights finite even when the classes are separable.
 */
export function fitLogisticRegression(rows: readonly (readonly number[])[], labels: readonly number[], l2 = 1, iterations = 50): { weights: number[]; bias: number } {
  const d = (rows[0]?.length ?? 0) + 1;
  const beta = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    rows.forEach((row, i) => {
      const x = [1, ...row];
      const p = sigmoid(dot(beta, x));
      const w = Math.max(p * (1 - p), 1e-12);
      for (let a = 0; a < d; a++) {
        gradient[a] += (p - labels[i]) * x[a];
        for (let b = 0; b < d; b++) hessian[a][b] += w * x[a] * x[b];
      }
    });
    for (let a = 1; a < d; a++) {
      gradient[a] += l2 * beta[a];
      hessian[a][a] += l2;
    }
    // A tiny ridge on the intercept too, so an all-one-class train split still solves.
    hessian[0][0] += 1e-9;
    const step = solve(hessian, gradient);
    let change = 0;
    for (let a = 0; a < d; a++) {
      beta[a] -= step[a];
      change = Math.max(change, Math.abs(step[a]));
    }
    if (change < 1e-10) break;
  }
  return { bias: beta[0], weights: beta.slice(1) };
}

/** Gaussian elimination with partial pivoting (the systems here are at most a few rows). */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    if (Math.abs(p) < 1e-300) throw new Error('combination: singular system while fitting the logistic regression');
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r][col] / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}

/** Registry options: `members: [{ name, options? }]`, `rule` ("at-least" | "logistic-regression" | "f1-weights"), `k`, `l2`, `fitMembers`, `memberThresholds`. */
export async function createCombinationIndicator(options: Record<string, unknown>, context?: IndicatorContext): Promise<CombinationIndicator> {
  const specs = options.members;
  if (!Array.isArray(specs) || specs.length === 0) throw new Error('combination options: members must be a non-empty list of { name, options }');
  const members: RiskIndicator[] = [];
  for (const [i, spec] of specs.entries()) {
    const s = spec as { name?: unknown; options?: unknown };
    if (typeof s?.name !== 'string') throw new Error(`combination options: members[${i}].name must be an indicator name`);
    const memberOptions = s.options === undefined ? {} : s.options;
    if (typeof memberOptions !== 'object' || memberOptions === null) throw new Error(`combination options: members[${i}].options must be an object`);
    members.push(await indicatorFactory(s.name)(memberOptions as Record<string, unknown>, context));
  }
  const kind = options.rule ?? 'at-least';
  let rule: CombinationRule;
  if (kind === 'at-least') {
    const k = options.k ?? 1;
    if (typeof k !== 'number') throw new Error('combination options: k must be a number');
    rule = { kind, k };
  } else if (kind === 'logistic-regression') {
    const l2 = options.l2;
    if (l2 !== undefined && (typeof l2 !== 'number' || l2 < 0)) throw new Error('combination options: l2 must be a non-negative number');
    rule = { kind, l2 };
  } else if (kind === 'f1-weights') {
    rule = { kind };
  } else {
    throw new Error(`combination options: unknown rule ${JSON.stringify(kind)} (at-least, logistic-regression, f1-weights)`);
  }
  const fitMembers = options.fitMembers;
  if (fitMembers !== undefined && typeof fitMembers !== 'boolean') throw new Error('combination options: fitMembers must be true or false');
  const thresholds = options.memberThresholds;
  if (thresholds !== undefined && (!Array.isArray(thresholds) || thresholds.some((t) => t !== null && t !== undefined && typeof t !== 'number'))) {
    throw new Error('combination options: memberThresholds must be a list of numbers (null = the member\'s own)');
  }
  const indicator = new CombinationIndicator({
    members,
    rule,
    fitMembers,
    memberThresholds: (thresholds as (number | null | undefined)[] | undefined)?.map((t) => t ?? undefined),
  });
  indicator.registryOptions = options;
  return indicator;
}

/** The options createCombinationIndicator reads, strict, for checking a config before any work. */
const combinationOptionsSchema = z
  .object({
    members: z.array(z.object({ name: z.string(), options: z.record(z.string(), z.unknown()).optional() }).strict()).min(1),
    rule: z.enum(['at-least', 'logistic-regression', 'f1-weights']).optional(),
    k: z.number().int().min(1).optional(),
    l2: z.number().nonnegative().optional(),
    fitMembers: z.boolean().optional(),
    memberThresholds: z.array(z.number().nullable()).optional(),
  })
  .strict();

/** The combination's own options, then each member's name and options (paths `members.<i>.…`). */
function checkCombinationOptions(options: Record<string, unknown>): OptionProblem[] {
  const own = validatorOf(combinationOptionsSchema)(options);
  if (own.length > 0) return own;
  const members = options.members as { name: string; options?: Record<string, unknown> }[];
  return members.flatMap((member, i) =>
    checkIndicatorOptions(member.name, member.options ?? {}).map((p) => ({
      path: p.path.length === 0 ? ['members', i, 'name'] : ['members', i, 'options', ...p.path],
      message: p.message,
    })),
  );
}

registerIndicator('combination', createCombinationIndicator, checkCombinationOptions);
