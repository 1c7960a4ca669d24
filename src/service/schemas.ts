/** Request schemas of the HTTP API (strict: an unknown field is a 400 naming it) and the service limits. */
import { z } from 'zod/v4';
import { InputError } from '../corpus/index.ts';

export const ServiceLimitsSchema = z.strictObject({
  /** Largest request body in bytes. */
  bodyBytes: z.number().int().positive().default(2 * 1024 * 1024),
  /** Longest text in characters (UTF-16 code units), per document. */
  textLength: z.number().int().positive().default(200_000),
  /** Most documents in one batch. */
  batchSize: z.number().int().positive().default(64),
  /** Milliseconds a request may work before it is answered 503. */
  requestTimeoutMs: z.number().int().positive().default(30_000),
  /** Requests doing pipeline work at once. */
  concurrency: z.number().int().positive().default(4),
  /** Requests waiting for a slot; beyond this the service answers 503 at once. */
  queue: z.number().int().nonnegative().default(64),
  /** Server-side mappings kept at most, and for how long. */
  storedMappings: z.number().int().positive().default(10_000),
  mappingTtlMs: z.number().int().positive().default(60 * 60 * 1000),
});
export type ServiceLimits = z.infer<typeof ServiceLimitsSchema>;
export type ServiceLimitsInput = z.input<typeof ServiceLimitsSchema>;

/** Limits with their defaults; a bad or unknown one is an InputError naming it. */
export function parseServiceLimits(input: ServiceLimitsInput = {}): ServiceLimits {
  const parsed = ServiceLimitsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InputError(parsed.error.issues.map((issue) => ({ file: '(service limits)', message: `${issue.path.join('.') || '(top level)'}: ${issue.message}` })));
}

const Text = z.string().meta({ description: 'a text (offsets in responses count Unicode code points)' });
const DocumentInput = z.strictObject({ id: z.string().min(1), text: Text });

/** One text, or a batch of documents: exactly one of the two. */
const oneOrBatch = {
  text: Text.optional(),
  documents: z.array(DocumentInput).optional().meta({ description: 'a batch; ids must be distinct' }),
};

const exactlyOne = (value: { text?: string; documents?: unknown[] }, ctx: z.RefinementCtx): void => {
  if ((value.text === undefined) === (value.documents === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give exactly one of "text" and "documents"', path: [] });
  }
};

export const DetectRequestSchema = z.strictObject(oneOrBatch).superRefine(exactlyOne);

export const SanitizeRequestSchema = z
  .strictObject({
    ...oneOrBatch,
    returnMapping: z.enum(['plain', 'encrypted']).optional().meta({ description: 'send the mapping back: "plain" holds the originals in clear; "encrypted" is AES-256-GCM under the server key' }),
    storeMapping: z.boolean().optional().meta({ description: 'keep the mapping on the server and return its id (memory only, bounded, expires)' }),
    mask: z
      .strictObject({
        strategy: z.string().min(1).optional().meta({ description: 'default strategy for this request (a name from GET /api/strategies)' }),
        byType: z.record(z.string().min(1), z.string().min(1)).optional().meta({ description: 'entity type or subtype (EMAIL) → strategy, merged over the pipeline\'s mask.byType; a subtype\'s entry comes before its type\'s' }),
      })
      .optional()
      .meta({ description: 'strategies for this request only; keyed ones need the pipeline\'s key (mask.key or $SANITEXT_MAPPING_KEY)' }),
    threshold: z.number().finite().optional().meta({ description: 'mask a span when its risk ≥ threshold; needs an assess stage (400 with assess: none)' }),
  })
  .superRefine(exactlyOne);
export type SanitizeRequest = z.infer<typeof SanitizeRequestSchema>;

export const RestoreRequestSchema = z
  .strictObject({
    text: Text,
    mappingId: z.string().min(1).optional(),
    mapping: z.record(z.string(), z.unknown()).optional().meta({ description: 'a plain mapping as returned with returnMapping: "plain"' }),
    encryptedMapping: z.string().optional().meta({ description: 'an encrypted mapping as returned with returnMapping: "encrypted"' }),
  })
  .superRefine((value, ctx) => {
    const given = [value.mappingId, value.mapping, value.encryptedMapping].filter((v) => v !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of "mappingId", "mapping" and "encryptedMapping"', path: [] });
  });

export const AnonymizeQuerySchema = z.strictObject({ text: Text });

export const DeanonymizeRequestSchema = z.strictObject({
  text: Text,
  items: z.record(z.string().min(1), z.string()).meta({ description: 'placeholder → original, as /api/anonymize returned it' }),
});

export const EvaluateRequestSchema = z.strictObject({
  gold: z.array(z.unknown()).meta({ description: 'TAB documents (the TAB JSON format)' }),
  system: z.record(z.string(), z.array(z.unknown())).meta({ description: '{doc_id: [[start, end], …]} in code points' }),
});

export const MappingIdParamsSchema = z.strictObject({ id: z.string().min(1) });

export const ErrorResponseSchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string() }),
});
