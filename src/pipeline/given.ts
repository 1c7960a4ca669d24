/**
 * Given spans (`detect.given`): the detection stage for spans that come with the documents — their
 * gold annotations, or a span file — passed on as they are, so a pipeline masks exactly them. This
 * is the span source of `sanitext sanitize --spans gold|FILE`.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError, goldCandidates, parseCorpus, parseSystemSpans, readJsonFile, type CandidateSpan, type Corpus, type Document } from '../corpus/index.ts';
import type { RecognizedSpan, TextDocument } from '../detect/index.ts';
import { DEFAULT_ENTITY_TYPE } from '../mask/index.ts';
import type { GivenSpans } from './config.ts';

/** What the stage needs of a document: with `given: gold`, its TAB record (as the input reader gives it). */
export interface GivenSpanDocument extends TextDocument {
  source?: Document;
}

export interface GivenSpanSource {
  spans(doc: GivenSpanDocument): Promise<RecognizedSpan[]>;
  /** Ids a span file names that no document of the run had. */
  unused(): string[];
  /** The span file as errors name it (undefined for gold). */
  readonly file: string | undefined;
}

interface Origin {
  baseDir: string;
  file: string;
}

/**
 * A given span as the later stages see it. The span's own fields are kept (the masking strategies
 * group by entityId and type, and a NO_MASK label is the annotator's decision); a span without
 * type gets the masking default and one without entity an empty id (grouped by surface, as before).
 */
function asRecognized(span: CandidateSpan | { start: number; end: number }, index: number, docId: string, source: string): RecognizedSpan {
  const given = span as Partial<CandidateSpan> & { start: number; end: number };
  return {
    ...given,
    entityId: given.entityId ?? '',
    entityType: given.entityType || DEFAULT_ENTITY_TYPE,
    mentionId: given.mentionId ?? `${docId}_m${index}`,
    confidence: 1,
    source,
  };
}

/** `load: false` checks that a span file exists without reading it (config checks). */
export async function createGivenSpanSource(given: GivenSpans, origin: Origin, { load = true }: { load?: boolean } = {}): Promise<GivenSpanSource> {
  if (given === 'gold') {
    return {
      file: undefined,
      unused: () => [],
      async spans(doc) {
        if (!doc.source) throw new InputError([{ file: origin.file, docId: doc.id, message: 'gold spans need documents with TAB annotations (detect.given: gold)' }]);
        return goldCandidates(doc.source).map((s, i) => asRecognized(s, i, doc.id, 'gold'));
      },
    };
  }
  const full = resolve(origin.baseDir, given.file);
  // Errors name the file as written when absolute, else from the working directory.
  const shown = isAbsolute(given.file) ? given.file : relative(process.cwd(), full) || full;
  if (!load) {
    if (!existsSync(full)) throw new InputError([{ file: origin.file, message: `detect.given.file: ${full}: file not found` }]);
    return { file: shown, unused: () => [], spans: async () => [] };
  }
  const json = await readJsonFile(shown);
  if (Array.isArray(json) || (typeof json === 'object' && json !== null && Array.isArray((json as { documents?: unknown }).documents))) {
    const gold = new Map(parseCorpus(json, shown).documents.map((d) => [d.id, d]));
    return {
      file: shown,
      unused: () => [],
      async spans(doc) {
        const annotated = gold.get(doc.id);
        if (!annotated) return [];
        if (annotated.text !== doc.text) throw new InputError([{ file: shown, docId: doc.id, message: 'the text differs from the input document with this id' }]);
        return goldCandidates(annotated).map((s, i) => asRecognized(s, i, doc.id, 'file'));
      },
    };
  }
  if (typeof json !== 'object' || json === null) throw new InputError([{ file: shown, message: 'expected a JSON object {doc_id: [[start, end], ...]}' }]);
  const byId = json as Record<string, unknown>;
  const used = new Set<string>();
  return {
    file: shown,
    unused: () => Object.keys(byId).filter((id) => !used.has(id)),
    // Documents stream past, so each document's spans are validated when it arrives.
    async spans(doc) {
      if (!Object.hasOwn(byId, doc.id)) return [];
      used.add(doc.id);
      const one: Corpus = { name: 'input', source: '(documents)', documents: [{ id: doc.id, text: doc.text, goldKind: 'tab', annotations: [] }] };
      return (parseSystemSpans({ [doc.id]: byId[doc.id] }, shown, one).spans.get(doc.id) ?? []).map((s, i) => asRecognized(s, i, doc.id, 'file'));
    },
  };
}
