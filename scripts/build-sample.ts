/**
 * Builds the bundled sample dataset `datasets/sample/sample.json` (official TAB standoff format)
 * from the marked-up sources in `datasets/sample/source/*.txt`, validates the result, prints its
 * counts and refreshes the counts section of `datasets/sample/README.md`.
 *
 *   npx tsx scripts/build-sample.ts          rebuild sample.json and the README counts
 *   npx tsx scripts/build-sample.ts --check  rebuild in memory; exit 1 if either file is stale
 *
 * Source format (documented in datasets/sample/README.md): `#` comment lines and `key: value`
 * header lines, then one `=== annotatorN` section per annotator holding the full text with inline
 * mentions `[[surface text|ENTITY_TYPE|IDENTIFIER_TYPE|eK]]`. Offsets are computed here, never
 * typed by hand, and every section of a document must yield the same plain text.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENTITY_TYPES, IDENTIFIER_TYPES, REPO_ROOT, parseCorpus, type EntityType, type IdentifierType } from '../src/corpus/index.ts';

const SAMPLE_DIR = join(REPO_ROOT, 'datasets', 'sample');
const SOURCE_DIR = join(SAMPLE_DIR, 'source');
const OUTPUT_FILE = join(SAMPLE_DIR, 'sample.json');
const README_FILE = join(SAMPLE_DIR, 'README.md');
const COUNTS_START = '<!-- counts:start (written by scripts/build-sample.ts) -->';
const COUNTS_END = '<!-- counts:end -->';

const GENRES = ['echr', 'wiki'] as const;
type Genre = (typeof GENRES)[number];
const SPLITS = ['train', 'dev', 'test'] as const;
/** What the sample promises its users (README, unit tests): checked on every build. */
const EXPECTED_SPLIT_SIZES: Record<(typeof SPLITS)[number], number> = { train: 10, dev: 2, test: 4 };
const MIN_WORDS = 150;
const MAX_WORDS = 300;

const MENTION_MARKUP = /\[\[([^[\]|]*)\|([^[\]|]*)\|([^[\]|]*)\|([^[\]|]*)\]\]/g;
const ANNOTATOR_LINE = /^=== (annotator(\d+))$/;
const HEADER_LINE = /^([a-z_]+):\s*(.*)$/;
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

/** One mention of the TAB standoff format, keys in the order of the official files. */
interface TabMention {
  entity_type: string;
  entity_mention_id: string;
  start_offset: number;
  end_offset: number;
  span_text: string;
  edit_type: string;
  identifier_type: string;
  entity_id: string;
  confidential_status: string;
}

interface TabDocument {
  doc_id: string;
  text: string;
  dataset_type: string;
  task: string;
  meta: Record<string, string>;
  quality_checked: string[];
  annotations: Record<string, { entity_mentions: TabMention[] }>;
}

/** A mention as read from the markup, offsets in code points. */
interface MarkedMention {
  start: number;
  end: number;
  surface: string;
  entityType: EntityType;
  identifierType: IdentifierType;
  localEntity: string;
}

interface AnnotatorSection {
  annotator: string;
  /** Short annotator tag used in ids, as TAB does: annotator10 → a10. */
  tag: string;
  /** 1-based line of the `===` line, for messages. */
  line: number;
  plainText: string;
  mentions: MarkedMention[];
}

interface SourceDocument {
  file: string;
  docId: string;
  split: string;
  genre: Genre;
  subject: string;
  sections: AnnotatorSection[];
}

/** Collects every problem so one run reports them all; each names file, document and line. */
class Problems {
  readonly messages: string[] = [];
  add(where: string, message: string): void {
    this.messages.push(`${where}: ${message}`);
  }
}

const codePoints = (text: string): number => [...text].length;

function parseSource(path: string, problems: Problems): SourceDocument | undefined {
  const file = relative(REPO_ROOT, path);
  const lines = readFileSync(path, 'utf8').replace(/\r\n/g, '\n').split('\n');
  const header = new Map<string, string>();
  const sections: { annotator: string; tag: string; line: number; body: string[] }[] = [];
  lines.forEach((line, index) => {
    const annotatorMatch = ANNOTATOR_LINE.exec(line);
    if (annotatorMatch) {
      sections.push({ annotator: annotatorMatch[1], tag: `a${annotatorMatch[2]}`, line: index + 1, body: [] });
      return;
    }
    const current = sections.at(-1);
    if (current) {
      current.body.push(line);
      return;
    }
    if (line.startsWith('#') || line.trim() === '') return;
    const headerMatch = HEADER_LINE.exec(line);
    if (!headerMatch) {
      problems.add(`${file}:${index + 1}`, `header line is not "key: value": ${JSON.stringify(line)}`);
      return;
    }
    header.set(headerMatch[1], headerMatch[2].trim());
  });

  const where = file;
  const docId = header.get('doc_id') ?? '';
  const split = header.get('split') ?? '';
  const genre = header.get('genre') ?? '';
  const subject = header.get('subject') ?? '';
  if (docId === '') problems.add(where, 'missing "doc_id:" header');
  if (!(SPLITS as readonly string[]).includes(split)) problems.add(where, `"split:" is ${JSON.stringify(split)}, expected one of ${SPLITS.join(', ')}`);
  if (!(GENRES as readonly string[]).includes(genre)) problems.add(where, `"genre:" is ${JSON.stringify(genre)}, expected one of ${GENRES.join(', ')}`);
  if (subject === '') problems.add(where, 'missing "subject:" header (the person to anonymise)');
  if (sections.length === 0) problems.add(where, 'no "=== annotatorN" section');
  const seenAnnotators = new Set<string>();
  for (const section of sections) {
    if (seenAnnotators.has(section.annotator)) problems.add(`${file}:${section.line}`, `annotator ${section.annotator} has two sections`);
    seenAnnotators.add(section.annotator);
  }

  const parsed = sections.map((section) => parseSection(section, file, problems));
  if (docId === '' || sections.length === 0) return undefined;
  return { file, docId, split, genre: genre as Genre, subject, sections: parsed };
}

/** Strips the markup of one annotator's copy, computing code-point offsets as it goes. */
function parseSection(
  section: { annotator: string; tag: string; line: number; body: string[] },
  file: string,
  problems: Problems,
): AnnotatorSection {
  // Blank lines around a section are layout; blank lines inside it are paragraph breaks.
  const body = section.body.join('\n').replace(/^\n+/, '').replace(/\n+$/, '');
  const where = `${file}:${section.line} (${section.annotator})`;
  const mentions: MarkedMention[] = [];
  let plainText = '';
  let consumed = 0;
  for (const match of body.matchAll(MENTION_MARKUP)) {
    const [markup, surface, entityType, identifierType, localEntity] = match;
    plainText += body.slice(consumed, match.index);
    consumed = match.index + markup.length;
    const start = codePoints(plainText);
    plainText += surface;
    const label = `mention ${JSON.stringify(markup)}`;
    if (surface === '' || surface.trim() !== surface) problems.add(where, `${label}: the surface text is empty or has surrounding spaces`);
    if (!(ENTITY_TYPES as readonly string[]).includes(entityType)) problems.add(where, `${label}: entity type must be one of ${ENTITY_TYPES.join(', ')}`);
    if (!(IDENTIFIER_TYPES as readonly string[]).includes(identifierType)) problems.add(where, `${label}: identifier type must be one of ${IDENTIFIER_TYPES.join(', ')}`);
    if (!/^e[1-9]\d*$/.test(localEntity)) problems.add(where, `${label}: entity must look like e1, e2, …`);
    mentions.push({
      start,
      end: start + codePoints(surface),
      surface,
      entityType: entityType as EntityType,
      identifierType: identifierType as IdentifierType,
      localEntity,
    });
  }
  plainText += body.slice(consumed);
  for (const stray of ['[[', ']]']) {
    const at = plainText.indexOf(stray);
    if (at >= 0) problems.add(where, `malformed markup: "${stray}" left in the text near ${JSON.stringify(plainText.slice(Math.max(0, at - 30), at + 30))}`);
  }
  return { annotator: section.annotator, tag: section.tag, line: section.line, plainText, mentions };
}

function toTabDocument(source: SourceDocument, problems: Problems): TabDocument {
  const [first, ...others] = source.sections;
  for (const other of others) {
    if (other.plainText !== first.plainText) {
      const at = firstDifference(first.plainText, other.plainText);
      problems.add(
        `${source.file}:${other.line}`,
        `plain text of ${other.annotator} differs from ${first.annotator} at UTF-16 index ${at}: ` +
          `${JSON.stringify(first.plainText.slice(at, at + 40))} vs ${JSON.stringify(other.plainText.slice(at, at + 40))}`,
      );
    }
  }
  const annotations: TabDocument['annotations'] = {};
  for (const section of source.sections) {
    const prefix = `${source.docId}_${section.tag}`;
    annotations[section.annotator] = {
      entity_mentions: section.mentions.map((mention, index) => ({
        entity_type: mention.entityType,
        entity_mention_id: `${prefix}_em${index + 1}`,
        start_offset: mention.start,
        end_offset: mention.end,
        span_text: mention.surface,
        edit_type: 'check',
        identifier_type: mention.identifierType,
        entity_id: `${prefix}_${mention.localEntity}`,
        confidential_status: 'NOT_CONFIDENTIAL',
      })),
    };
  }
  return {
    doc_id: source.docId,
    text: first.plainText,
    dataset_type: source.split,
    task: `Task: Annotate the document to anonymise the following person: ${source.subject}`,
    meta: source.genre === 'echr' ? { applicant: source.subject } : {},
    quality_checked: [first.annotator],
    annotations,
  };
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

const genreOf = (docId: string): Genre => (docId.startsWith('sample-wiki') ? 'wiki' : 'echr');

/** Validates the file as written, independently of how it was built. */
function validate(json: string, problems: Problems): TabDocument[] {
  const file = relative(REPO_ROOT, OUTPUT_FILE);
  const documents = JSON.parse(json) as TabDocument[];
  const mentionIds = new Set<string>();
  const docIds = new Set<string>();
  for (const doc of documents) {
    const where = `${file}: ${doc.doc_id}`;
    if (docIds.has(doc.doc_id)) problems.add(where, 'duplicate doc_id');
    docIds.add(doc.doc_id);
    const characters = [...doc.text];
    const words = doc.text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    if (words < MIN_WORDS || words > MAX_WORDS) problems.add(where, `${words} words, expected ${MIN_WORDS}–${MAX_WORDS}`);
    const subject = doc.task.replace(/^Task: Annotate the document to anonymise the following person: /, '');
    if (!doc.text.includes(subject)) problems.add(where, `the task's person ${JSON.stringify(subject)} does not occur in the text`);
    const entityOwner = new Map<string, string>();
    for (const [annotator, { entity_mentions: mentions }] of Object.entries(doc.annotations)) {
      const prefix = `${doc.doc_id}_a${annotator.replace(/^annotator/, '')}_`;
      const entityTypes = new Map<string, string>();
      const sorted = [...mentions].sort((x, y) => x.start_offset - y.start_offset);
      sorted.forEach((m, i) => {
        const at = `${where} ${annotator} ${m.entity_mention_id}`;
        const actual = characters.slice(m.start_offset, m.end_offset).join('');
        if (!(m.start_offset >= 0 && m.start_offset < m.end_offset && m.end_offset <= characters.length)) {
          problems.add(at, `offsets ${m.start_offset}–${m.end_offset} outside the text (${characters.length} code points)`);
        } else if (actual !== m.span_text) {
          problems.add(at, `span_text ${JSON.stringify(m.span_text)} but the text at ${m.start_offset}–${m.end_offset} is ${JSON.stringify(actual)}`);
        }
        const previous = sorted[i - 1];
        if (previous && previous.end_offset > m.start_offset) problems.add(at, `overlaps ${previous.entity_mention_id}`);
        if (mentionIds.has(m.entity_mention_id)) problems.add(at, 'duplicate entity_mention_id');
        mentionIds.add(m.entity_mention_id);
        if (!m.entity_mention_id.startsWith(`${prefix}em`) || !m.entity_id.startsWith(`${prefix}e`)) {
          problems.add(at, `ids must start with ${prefix}em / ${prefix}e (got ${m.entity_mention_id}, ${m.entity_id})`);
        }
        const owner = entityOwner.get(m.entity_id);
        if (owner !== undefined && owner !== annotator) problems.add(at, `entity ${m.entity_id} is shared with ${owner}`);
        entityOwner.set(m.entity_id, annotator);
        const type = entityTypes.get(m.entity_id);
        if (type !== undefined && type !== m.entity_type) problems.add(at, `entity ${m.entity_id} is ${type} elsewhere but ${m.entity_type} here`);
        entityTypes.set(m.entity_id, m.entity_type);
      });
    }
  }

  // The promises the README and the unit tests rely on.
  for (const split of SPLITS) {
    const inSplit = documents.filter((d) => d.dataset_type === split);
    if (inSplit.length !== EXPECTED_SPLIT_SIZES[split]) problems.add(file, `${inSplit.length} ${split} documents, expected ${EXPECTED_SPLIT_SIZES[split]}`);
    if (split !== 'dev') {
      for (const genre of GENRES) {
        if (!inSplit.some((d) => genreOf(d.doc_id) === genre)) problems.add(file, `no ${genre} document in the ${split} split`);
      }
    }
  }
  const multi = documents.filter((d) => Object.keys(d.annotations).length >= 2);
  if (multi.length < 3 || multi.filter((d) => d.dataset_type === 'test').length < 2) {
    problems.add(file, 'need at least 3 documents with 2 annotators, at least 2 of them in the test split');
  }
  const allMentions = documents.flatMap((d) => Object.values(d.annotations).flatMap((a) => a.entity_mentions));
  for (const type of ENTITY_TYPES) {
    if (!allMentions.some((m) => m.entity_type === type)) problems.add(file, `no ${type} mention`);
  }
  for (const identifierType of IDENTIFIER_TYPES) {
    if (!allMentions.some((m) => m.identifier_type === identifierType)) problems.add(file, `no ${identifierType} mention`);
  }
  const astral = documents.filter((d) => {
    const firstAstral = [...d.text].findIndex((c) => ASTRAL.test(c));
    if (firstAstral < 0) return false;
    return Object.values(d.annotations).every((a) => a.entity_mentions.filter((m) => m.start_offset > firstAstral).length >= 5);
  });
  if (astral.length === 0) problems.add(file, 'no document with an astral character before at least 5 mentions of every annotator');

  // The project's own loader must accept the file and agree on every span after UTF-16 conversion.
  try {
    const corpus = parseCorpus(documents, file);
    for (const doc of corpus.documents) {
      for (const annotation of doc.annotations) {
        for (const mention of annotation.mentions) {
          if (doc.text.slice(mention.start, mention.end) !== mention.spanText) {
            problems.add(`${file}: ${doc.id} ${mention.mentionId}`, 'UTF-16 span from the loader does not match span_text');
          }
        }
      }
    }
  } catch (error) {
    problems.add(file, `the project loader (src/corpus/parse.ts) rejects the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  return documents;
}

/** The counts section of the README, as Markdown tables. */
function countsMarkdown(documents: TabDocument[]): string {
  const lines: string[] = [];
  lines.push('| split | documents | ECHR | Wikipedia | with 2 annotators |', '|---|---|---|---|---|');
  const splitRow = (name: string, docs: TabDocument[]): string => {
    const echr = docs.filter((d) => genreOf(d.doc_id) === 'echr').length;
    const multi = docs.filter((d) => Object.keys(d.annotations).length >= 2).length;
    return `| ${name} | ${docs.length} | ${echr} | ${docs.length - echr} | ${multi} |`;
  };
  for (const split of SPLITS) lines.push(splitRow(split, documents.filter((d) => d.dataset_type === split)));
  lines.push(splitRow('total', documents));
  lines.push('');
  const annotations = documents.flatMap((d) => Object.values(d.annotations));
  const mentions = annotations.flatMap((a) => a.entity_mentions);
  lines.push(
    `Mentions over all ${annotations.length} annotations (document × annotator), by entity type and identifier type:`,
    '',
    '| entity type | DIRECT | QUASI | NO_MASK | total |',
    '|---|---|---|---|---|',
  );
  const mentionRow = (name: string, selected: TabMention[]): string => {
    const byIdentifier = IDENTIFIER_TYPES.map((t) => selected.filter((m) => m.identifier_type === t).length);
    return `| ${name} | ${byIdentifier.join(' | ')} | ${selected.length} |`;
  };
  for (const type of ENTITY_TYPES) lines.push(mentionRow(type, mentions.filter((m) => m.entity_type === type)));
  lines.push(mentionRow('total', mentions));
  return lines.join('\n');
}

function withCounts(readme: string, counts: string): string {
  const start = readme.indexOf(COUNTS_START);
  const end = readme.indexOf(COUNTS_END);
  if (start < 0 || end < start) throw new Error(`${relative(REPO_ROOT, README_FILE)}: counts markers ${COUNTS_START} … ${COUNTS_END} not found`);
  return `${readme.slice(0, start + COUNTS_START.length)}\n${counts}\n${readme.slice(end)}`;
}

function main(): void {
  const checkOnly = process.argv.includes('--check');
  const problems = new Problems();
  // Sorted so that the output does not depend on the order readdir happens to return.
  const sourceFiles = readdirSync(SOURCE_DIR)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => join(SOURCE_DIR, name));
  const sources = sourceFiles.map((path) => parseSource(path, problems)).filter((s): s is SourceDocument => s !== undefined);
  const json = `${JSON.stringify(
    sources.map((source) => toTabDocument(source, problems)),
    null,
    2,
  )}\n`;
  if (problems.messages.length === 0) validate(json, problems);
  if (problems.messages.length > 0) {
    process.stderr.write(`build-sample: ${problems.messages.length} problem(s):\n${problems.messages.map((m) => `  ${m}`).join('\n')}\n`);
    process.exit(1);
  }
  const documents = JSON.parse(json) as TabDocument[];
  const counts = countsMarkdown(documents);
  const readme = withCounts(readFileSync(README_FILE, 'utf8'), counts);

  if (checkOnly) {
    const stale = [
      readFileSync(OUTPUT_FILE, 'utf8') !== json ? OUTPUT_FILE : undefined,
      readFileSync(README_FILE, 'utf8') !== readme ? README_FILE : undefined,
    ].filter((f): f is string => f !== undefined);
    if (stale.length > 0) {
      process.stderr.write(`build-sample: out of date, run "npx tsx scripts/build-sample.ts": ${stale.map((f) => relative(REPO_ROOT, f)).join(', ')}\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUTPUT_FILE, json);
    writeFileSync(README_FILE, readme);
    // Re-read what reached the disk: the validation above ran on the string, this checks the file.
    validate(readFileSync(OUTPUT_FILE, 'utf8'), problems);
    if (problems.messages.length > 0) {
      process.stderr.write(`build-sample: ${relative(REPO_ROOT, OUTPUT_FILE)} failed validation after writing:\n${problems.messages.join('\n')}\n`);
      process.exit(1);
    }
  }
  process.stdout.write(`${checkOnly ? 'up to date' : 'wrote'} ${relative(REPO_ROOT, OUTPUT_FILE)}: ${documents.length} documents\n\n${counts}\n`);
}

main();
