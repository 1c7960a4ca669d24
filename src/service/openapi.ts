/** The OpenAPI 3.1 document of the service, its request schemas generated from the zod schemas the routes validate with. */
import { z } from 'zod/v4';
import { AnonymizeQuerySchema, DeanonymizeRequestSchema, DetectRequestSchema, ErrorResponseSchema, EvaluateRequestSchema, RestoreRequestSchema, SanitizeRequestSchema } from './schemas.ts';

const schemaOf = (schema: z.ZodType): unknown => z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });

const errors = {
  '400': { $ref: '#/components/responses/Error' },
  '401': { $ref: '#/components/responses/Error' },
  '413': { $ref: '#/components/responses/Error' },
  '503': { $ref: '#/components/responses/Error' },
};

const post = (summary: string, schema: z.ZodType): unknown => ({
  summary,
  requestBody: { required: true, content: { 'application/json': { schema: schemaOf(schema) } } },
  responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors },
});

let cached: unknown;

export function openApiDocument(): unknown {
  cached ??= {
    openapi: '3.1.0',
    info: { title: 'sanitext service', version: '1', description: 'Detect, assess, sanitize and restore personal data in text with one sanitext pipeline. Offsets count Unicode code points.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: { Error: { description: 'an error', content: { 'application/json': { schema: schemaOf(ErrorResponseSchema) } } } },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/detect': { post: post('detected spans (no text), one text or a batch', DetectRequestSchema) },
      '/api/assess': { post: post('detected spans with risk scores and mask/keep decisions', DetectRequestSchema) },
      '/api/sanitize': { post: post('sanitized text; the mapping only on request (plain, encrypted or stored under an id)', SanitizeRequestSchema) },
      '/api/restore': { post: post('the originals put back with a stored, plain or encrypted mapping', RestoreRequestSchema) },
      '/api/deanonymize': { post: post('anonymize-rs: placeholders of items replaced by their originals', DeanonymizeRequestSchema) },
      '/api/evaluate': { post: post('TAB metrics of system spans against gold TAB documents', EvaluateRequestSchema) },
      '/api/anonymize': {
        get: {
          summary: 'anonymize-rs: {text, items} (items holds the originals)',
          parameters: [{ name: 'text', in: 'query', required: true, schema: (schemaOf(AnonymizeQuerySchema) as { properties: { text: unknown } }).properties.text }],
          responses: { '200': { description: '{text, items}' }, ...errors },
        },
      },
      '/api/mappings/{id}': { delete: { summary: 'forget a stored mapping', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '204': { description: 'deleted' }, '404': { $ref: '#/components/responses/Error' } } } },
      '/healthz': { get: { summary: 'liveness and the pipeline loaded', security: [], responses: { '200': { description: 'OK' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text format 0.0.4' } } } },
      '/api/strategies': { get: { summary: 'the registered masking strategies and the pipeline defaults', responses: { '200': { description: 'OK' } } } },
      '/openapi.json': { get: { summary: 'this document', security: [], responses: { '200': { description: 'OK' } } } },
    },
  };
  return cached;
}
