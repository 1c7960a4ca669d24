/**
 * Parsing and validation of the dataset formats (TAB standoff JSON, masked-spans JSON) and of
 * system span files. Pure functions over already-parsed JSON: file reading lives in files.ts.
 */
import { InputError, type InputProblem } from './errors.ts';
import { offsetConverter, type OffsetConverter } from './offsets.ts';
import {
  IDENTIFIER_TYPES,
  type Annotation,
  type Corpus,
  type Document,
  type GoldMention,
  type IdentifierType,
  type Span,
  type SystemSpans,
} from './types.ts';

/** Pseudo-annotator name for documents in the masked-spans format. */
export const MASKED_SPANS_ANNOTATOR = 'masked_spans';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Deepest nesting kept in a document's free-form fields (`meta`): deeper values would overflow the
 * stack of every later JSON.stringify (output files, reports), so they are rejected here instead.
 */
export const MAX_NESTING = 64;

/** Whether a JSON value nests arrays/objects deeper than `limit`; iterative, so any depth is safe. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * A value in an error message without its content: numbers and booleans as they are (offsets,
 * flags), anything else by kind and size. Input strings may be document text, and a printed
 * (or stringified) nested value may be huge or overflow the stack.
 */
function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'string') return `a string of ${[...value].length} character(s)`;
  if (Array.isArray(value)) return `a list of ${value.length} item(s)`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Parses a list of documents in the TAB format or the masked-spans format (mixed is allowed). */
export function parseCorpus(json: unknown, source: string, name = source): Corpus {
  const problems: InputProblem[] = [];
  const docs: unknown[] = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.documents) ? json.documents : [];
  if (!Array.isArray(json) && !(isObject(json) && Array.isArray(json.documents))) {
    throw new InputError([{ file: source, message: 'expected a JSON list of documents' }]);
  }
  const documents: Document[] = [];
  const seenDocs = new Set<string>();
  docs.forEach((raw, index) => {
    const doc = parseDocument(raw, index, source, problems);
    if (!doc) return;
    if (seenDocs.has(doc.id)) {
      problems.push({ file: source, docId: doc.id, message: 'duplicate doc_id in the file' });
      return;
    }
    seenDocs.add(doc.id);
    documents.push(doc);
  });
  if (problems.length > 0) throw new InputError(problems);
  return { name, source, documents };
}

function parseDocument(raw: unknown, index: number, file: string, problems: InputProblem[]): Document | undefined {
  if (!isObject(raw)) {
    problems.push({ file, message: `document #${index} is not a JSON object` });
    return undefined;
  }
  const docId = raw.doc_id;
  if (typeof docId !== 'string' || docId === '') {
    problems.push({ file, message: `document #${index} has no string doc_id` });
    return undefined;
  }
  if (typeof raw.text !== 'string') {
    problems.push({ file, docId, message: 'missing or non-string "text"' });
    return undefined;
  }
  const text = raw.text;
  if (raw.meta !== undefined && nestedDeeperThan(raw.meta, MAX_NESTING)) {
    problems.push({ file, docId, message: `"meta" is nested more than ${MAX_NESTING} levels deep` });
    return undefined;
  }
  const converter = offsetConverter(text);
  const base = {
    id: docId,
    text,
    split: typeof raw.dataset_type === 'string' ? raw.dataset_type : undefined,
    task: typeof raw.task === 'string' ? raw.task : undefined,
    meta: isObject(raw.meta) ? raw.meta : undefined,
  };
  if (raw.annotations !== undefined) {
    const annotations = parseAnnotations(raw.annotations, docId, text, converter, file, problems);
    return { ...base, goldKind: 'tab', annotations };
  }
  if (raw.masked_spans !== undefined) {
    const mentions = parseMaskedSpans(raw.masked_spans, docId, text, converter, file, problems);
    return { ...base, goldKind: 'masked-spans', annotations: [{ annotator: MASKED_SPANS_ANNOTATOR, mentions }] };
  }
  problems.push({ file, docId, message: 'document has neither "annotations" (TAB format) nor "masked_spans"' });
  return undefined;
}

function parseAnnotations(
  raw: unknown,
  docId: string,
  text: string,
  converter: OffsetConverter,
  file: string,
  problems: InputProblem[],
): Annotation[] {
  if (!isObject(raw)) {
    problems.push({ file, docId, message: '"annotations" must be an object {annotator: {entity_mentions: [...]}}' });
    return [];
  }
  const annotations: Annotation[] = [];
  const entityOwner = new Map<string, string>();
  for (const [annotator, body] of Object.entries(raw)) {
    if (!isObject(body) || !Array.isArray(body.entity_mentions)) {
      problems.push({ file, docId, message: `annotator ${annotator}: missing "entity_mentions" list` });
      continue;
    }
    const mentions: GoldMention[] = [];
    body.entity_mentions.forEach((m, i) => {
      const mention = parseMention(m, i, annotator, docId, text, converter, file, problems);
      if (!mention) return;
      const owner = entityOwner.get(mention.entityId);
      if (owner !== undefined && owner !== annotator) {
        problems.push({
          file,
          docId,
          mentionId: mention.mentionId,
          message: `entity_id ${mention.entityId} is used by annotators ${owner} and ${annotator}; an entity belongs to one annotator`,
        });
        return;
      }
      entityOwner.set(mention.entityId, annotator);
      mentions.push(mention);
    });
    annotations.push({ annotator, mentions });
  }
  return annotations;
}

function parseMention(
  raw: unknown,
  index: number,
  annotator: string,
  docId: string,
  text: string,
  converter: OffsetConverter,
  file: string,
  problems: InputProblem[],
): GoldMention | undefined {
  if (!isObject(raw)) {
    problems.push({ file, docId, message: `annotator ${annotator}: mention #${index} is not an object` });
    return undefined;
  }
  const mentionId = typeof raw.entity_mention_id === 'string' ? raw.entity_mention_id : `${annotator}#${index}`;
  const fail = (message: string): undefined => {
    problems.push({ file, docId, mentionId, message });
    return undefined;
  };
  const span = convertSpan(raw.start_offset, raw.end_offset, converter);
  if (typeof span === 'string') return fail(span);
  if (typeof raw.entity_id !== 'string' || raw.entity_id === '') return fail('missing string "entity_id"');
  if (typeof raw.entity_type !== 'string') return fail('missing string "entity_type"');
  if (!IDENTIFIER_TYPES.includes(raw.identifier_type as IdentifierType)) {
    // Echoed only when it looks like a type name (a misplaced value could be document text).
    const got = typeof raw.identifier_type === 'string' && /^[A-Za-z_]{1,20}$/.test(raw.identifier_type) ? JSON.stringify(raw.identifier_type) : describeValue(raw.identifier_type);
    return fail(`"identifier_type" is ${got}, expected one of ${IDENTIFIER_TYPES.join(', ')}`);
  }
  const actual = text.slice(span.start, span.end);
  if (raw.span_text !== undefined && raw.span_text !== actual) {
    // Neither text is printed: both are the personal data the file exists to protect.
    return fail(`span_text (${describeValue(raw.span_text)}) differs from the text at offsets [${raw.start_offset}, ${raw.end_offset}) (${[...actual].length} character(s))`);
  }
  return {
    ...span,
    mentionId,
    entityId: raw.entity_id,
    entityType: raw.entity_type,
    // Only a type-like name is kept: a misplaced value could be document text.
    ...(typeof raw.subtype === 'string' && /^[A-Z][A-Z_]{0,30}$/.test(raw.subtype) ? { subtype: raw.subtype } : {}),
    identifierType: raw.identifier_type as IdentifierType,
    spanText: actual,
    confidentialStatus: typeof raw.confidential_status === 'string' ? raw.confidential_status : undefined,
    editType: typeof raw.edit_type === 'string' ? raw.edit_type : undefined,
  };
}

function parseMaskedSpans(
  raw: unknown,
  docId: string,
  text: string,
  converter: OffsetConverter,
  file: string,
  problems: InputProblem[],
): GoldMention[] {
  if (!Array.isArray(raw)) {
    problems.push({ file, docId, message: '"masked_spans" must be a list of [start, end] or [start, end, type]' });
    return [];
  }
  const mentions: GoldMention[] = [];
  raw.forEach((entry, i) => {
    const mentionId = `${docId}_ms${i}`;
    if (!Array.isArray(entry) || entry.length < 2) {
      problems.push({ file, docId, mentionId, message: `masked span #${i} is not [start, end(, type)]` });
      return;
    }
    const span = convertSpan(entry[0], entry[1], converter);
    if (typeof span === 'string') {
      problems.push({ file, docId, mentionId, message: `masked span #${i}: ${span}` });
      return;
    }
    // No entity ids in this format: every span is its own entity.
    mentions.push({
      ...span,
      mentionId,
      entityId: mentionId,
      entityType: typeof entry[2] === 'string' ? entry[2] : 'UNKNOWN',
      spanText: text.slice(span.start, span.end),
    });
  });
  return mentions;
}

/** Validates code-point offsets and converts them to UTF-16; returns a message when invalid. */
function convertSpan(start: unknown, end: unknown, converter: OffsetConverter, allowEmpty = false): Span | string {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    return `offsets must be integers (start_offset is ${describeValue(start)}, end_offset is ${describeValue(end)})`;
  }
  const s = start as number;
  const e = end as number;
  if (s < 0 || e > converter.codePointLength) {
    return `offsets [${s}, ${e}) are outside the text (length ${converter.codePointLength} code points)`;
  }
  if (e < s) return `offsets [${s}, ${e}) are reversed`;
  if (e === s && !allowEmpty) return `offsets [${s}, ${e}) are empty`;
  return { start: converter.toUtf16(s), end: converter.toUtf16(e) };
}

/** What the scorer should know about a system file besides its spans. */
export interface SystemSpanNotes {
  emptySpans: number;
  overlappingSpans: number;
}

/**
 * Parses a system file `{doc_id: [[start, end], ...]}` (code points) against a corpus.
 * Unknown doc ids, bad or out-of-range offsets are errors. Zero-length and overlapping spans are
 * kept as the reference scorer keeps them (they count in precision) and reported in the notes.
 */
export function parseSystemSpans(json: unknown, source: string, corpus: Corpus): { spans: SystemSpans; notes: SystemSpanNotes } {
  if (!isObject(json)) throw new InputError([{ file: source, message: 'expected a JSON object {doc_id: [[start, end], ...]}' }]);
  const byId = new Map(corpus.documents.map((d) => [d.id, d]));
  const problems: InputProblem[] = [];
  const spans: SystemSpans = new Map();
  const notes: SystemSpanNotes = { emptySpans: 0, overlappingSpans: 0 };
  for (const [docId, list] of Object.entries(json)) {
    const doc = byId.get(docId);
    if (!doc) {
      problems.push({ file: source, docId, message: `doc_id is not in the gold file ${corpus.source}` });
      continue;
    }
    if (!Array.isArray(list)) {
      problems.push({ file: source, docId, message: 'value must be a list of [start, end] pairs' });
      continue;
    }
    const converter = offsetConverter(doc.text);
    const docSpans: Span[] = [];
    list.forEach((entry, i) => {
      const pair = Array.isArray(entry) ? entry : isObject(entry) ? [entry.start, entry.end] : [];
      const span = convertSpan(pair[0], pair[1], converter, true);
      if (typeof span === 'string') {
        problems.push({ file: source, docId, message: `span #${i}: ${span}` });
        return;
      }
      if (span.start === span.end) notes.emptySpans++;
      docSpans.push(span);
    });
    notes.overlappingSpans += countOverlaps(docSpans);
    spans.set(docId, docSpans);
  }
  if (problems.length > 0) throw new InputError(problems);
  return { spans, notes };
}

function countOverlaps(spans: Span[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  let overlaps = 0;
  let reach = -1;
  for (const s of sorted) {
    if (s.start < reach) overlaps++;
    reach = Math.max(reach, s.end);
  }
  return overlaps;
}

/** Converts UTF-16 spans back to code-point pairs for output files. */
export function spansToCodePoints(text: string, spans: readonly Span[]): [number, number][] {
  const converter = offsetConverter(text);
  return spans.map((s) => [converter.toCodePoint(s.start), converter.toCodePoint(s.end)]);
}

/** Serializes a document back to the TAB standoff JSON (code-point offsets). */
export function documentToTabJson(doc: Document): Json {
  const converter = offsetConverter(doc.text);
  const annotations: Json = {};
  for (const a of doc.annotations) {
    annotations[a.annotator] = {
      entity_mentions: a.mentions.map((m) => ({
        entity_type: m.entityType,
        ...(m.subtype ? { subtype: m.subtype } : {}),
        entity_mention_id: m.mentionId,
        start_offset: converter.toCodePoint(m.start),
        end_offset: converter.toCodePoint(m.end),
        span_text: m.spanText,
        identifier_type: m.identifierType ?? 'QUASI',
        entity_id: m.entityId,
        ...(m.confidentialStatus ? { confidential_status: m.confidentialStatus } : {}),
        ...(m.editType ? { edit_type: m.editType } : {}),
      })),
    };
  }
  return {
    doc_id: doc.id,
    text: doc.text,
    ...(doc.split ? { dataset_type: doc.split } : {}),
    ...(doc.task ? { task: doc.task } : {}),
    ...(doc.meta ? { meta: doc.meta } : {}),
    annotations,
  };
}
