/**
 * Writes a tiny llama-architecture GGUF file with seeded random weights: enough for llama.cpp
 * (node-llama-cpp) to load it, tokenize any text and generate — garbage, but grammar-constrained
 * garbage is still valid JSON. The embedded-runtime tests (test/llm/llama-cpp.test.ts) make one in a
 * temp folder; it is never committed.
 *
 *   npx tsx scripts/make-tiny-gguf.ts OUT.gguf [--seed N]
 *
 * Layout (GGUF v3, little endian): header (magic, version, tensor count, metadata count), metadata
 * key/values, tensor infos (name, dims innermost first, type, offset into the data section), padding
 * to `general.alignment`, then each tensor's F32 data at an aligned offset.
 *
 * The vocabulary is SentencePiece-style (`tokenizer.ggml.model = "llama"`): <unk>, <s>, </s>, the
 * ChatML control tokens, the 256 byte-fallback tokens <0x00>…<0xFF> (so any text tokenizes), then
 * printable pieces and "▁"-prefixed words, with scores (longer pieces merge first) and token types.
 * The chat template is ChatML. Two untouched "lanes" of the residual stream make the random model
 * end its answers soon (see LANES below).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface TinyGgufOptions {
  seed?: number;
  layers?: number;
  embedding?: number;
  heads?: number;
  feedForward?: number;
  contextLength?: number;
}

/** GGUF metadata value types. */
const enum ValueType {
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  String = 8,
  Array = 9,
}

/** ggml tensor type of the data (F32: no quantization to get right). */
const GGML_TYPE_F32 = 0;
const ALIGNMENT = 32;
const EOS_ID = 2;
/** <|im_end|>: the end of a chat turn. */
const EOT_ID = 4;
/** Logit weights of the two lanes (see LANES below), found by trying: closers win over random tokens, end-of-text right after a closer. */
const CLOSER_WEIGHT = 1;
const STOP_AFTER_CLOSER_WEIGHT = 3;

/** SentencePiece token types as llama.cpp reads them. */
const TokenType = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

type MetadataValue =
  | { type: ValueType.Uint32 | ValueType.Int32 | ValueType.Float32; value: number }
  | { type: ValueType.String; value: string }
  | { type: ValueType.Array; items: ValueType.String; value: string[] }
  | { type: ValueType.Array; items: ValueType.Float32 | ValueType.Int32; value: number[] };

/** Little-endian byte sink. */
class Writer {
  private chunks: Buffer[] = [];
  length = 0;

  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.push(b);
  }
  i32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    this.push(b);
  }
  u64(value: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.push(b);
  }
  f32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.push(b);
  }
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const rest = this.length % alignment;
    if (rest !== 0) this.push(Buffer.alloc(alignment - rest));
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** mulberry32: small, seeded, good enough for weights nobody trains. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Printable pieces beyond the bytes: single characters, common words with and without "▁". */
const WORDS = (
  'the of and to in a is that for on with as by at from it be this are was an or not which have has ' +
  'date person place name born court year city text json answer entity replacement generalize rewrite ' +
  'id E1 E2 E3 local specific'
).split(' ');

function vocabulary(): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens = ['<unk>', '<s>', '</s>', '<|im_start|>', '<|im_end|>'];
  const types: number[] = [TokenType.unknown, TokenType.control, TokenType.control, TokenType.control, TokenType.control];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TokenType.byte);
  }
  const pieces = new Set<string>(['▁']);
  for (let code = 0x21; code < 0x7f; code++) pieces.add(String.fromCharCode(code));
  for (const word of WORDS) {
    pieces.add(word);
    pieces.add(`▁${word}`);
  }
  // Pieces a longer one merges through: SentencePiece merges only pairs that are both in the vocabulary.
  for (const piece of [...pieces]) for (let end = 2; end < [...piece].length; end++) pieces.add([...piece].slice(0, end).join(''));
  for (const piece of pieces) {
    tokens.push(piece);
    types.push(TokenType.normal);
  }
  // Longer pieces score higher, so whole words win over their parts.
  const scores = tokens.map((token, i) => (types[i] === TokenType.normal ? [...token].length - i * 1e-4 : 0));
  return { tokens, scores, types };
}

/**
 * ChatML, as many instruct models use it: turns end with a control token, so the chat wrapper stops
 * there and not at a newline (which a JSON grammar allows as whitespace).
 */
const CHAT_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export function makeTinyGguf(options: TinyGgufOptions = {}): Buffer {
  const seed = options.seed ?? 1;
  const layers = options.layers ?? 2;
  const embedding = options.embedding ?? 64;
  const heads = options.heads ?? 4;
  const feedForward = options.feedForward ?? 128;
  const contextLength = options.contextLength ?? 4096;
  const vocab = vocabulary();
  const vocabSize = vocab.tokens.length;
  const closers = new Set(['"', ']', '}'].map((piece) => vocab.tokens.indexOf(piece)));

  const metadata: [string, MetadataValue][] = [
    ['general.architecture', { type: ValueType.String, value: 'llama' }],
    ['general.name', { type: ValueType.String, value: 'sanitext-tiny-random' }],
    ['general.alignment', { type: ValueType.Uint32, value: ALIGNMENT }],
    ['llama.context_length', { type: ValueType.Uint32, value: contextLength }],
    ['llama.embedding_length', { type: ValueType.Uint32, value: embedding }],
    ['llama.block_count', { type: ValueType.Uint32, value: layers }],
    ['llama.feed_forward_length', { type: ValueType.Uint32, value: feedForward }],
    ['llama.attention.head_count', { type: ValueType.Uint32, value: heads }],
    ['llama.attention.head_count_kv', { type: ValueType.Uint32, value: heads }],
    ['llama.attention.layer_norm_rms_epsilon', { type: ValueType.Float32, value: 1e-5 }],
    ['llama.rope.dimension_count', { type: ValueType.Uint32, value: embedding / heads }],
    ['llama.vocab_size', { type: ValueType.Uint32, value: vocabSize }],
    ['tokenizer.ggml.model', { type: ValueType.String, value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: ValueType.Array, items: ValueType.String, value: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: ValueType.Array, items: ValueType.Float32, value: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: ValueType.Array, items: ValueType.Int32, value: vocab.types }],
    ['tokenizer.ggml.unknown_token_id', { type: ValueType.Uint32, value: 0 }],
    ['tokenizer.ggml.bos_token_id', { type: ValueType.Uint32, value: 1 }],
    ['tokenizer.ggml.eos_token_id', { type: ValueType.Uint32, value: EOS_ID }],
    ['tokenizer.ggml.eot_token_id', { type: ValueType.Uint32, value: EOT_ID }],
    ['tokenizer.chat_template', { type: ValueType.String, value: CHAT_TEMPLATE }],
  ];

  // Dimensions innermost first, as ggml stores them: a [rows × columns] matrix is [columns, rows].
  const tensors: { name: string; dims: number[]; norm?: boolean; lane?: 'source' | 'keep' | 'stop' }[] = [
    { name: 'token_embd.weight', dims: [embedding, vocabSize], lane: 'source' },
    { name: 'output_norm.weight', dims: [embedding], norm: true },
    { name: 'output.weight', dims: [embedding, vocabSize], lane: 'stop' },
  ];
  for (let layer = 0; layer < layers; layer++) {
    const block = `blk.${layer}`;
    tensors.push(
      { name: `${block}.attn_norm.weight`, dims: [embedding], norm: true },
      { name: `${block}.attn_q.weight`, dims: [embedding, embedding] },
      { name: `${block}.attn_k.weight`, dims: [embedding, embedding] },
      { name: `${block}.attn_v.weight`, dims: [embedding, embedding] },
      { name: `${block}.attn_output.weight`, dims: [embedding, embedding], lane: 'keep' },
      { name: `${block}.ffn_norm.weight`, dims: [embedding], norm: true },
      { name: `${block}.ffn_gate.weight`, dims: [embedding, feedForward] },
      { name: `${block}.ffn_up.weight`, dims: [embedding, feedForward] },
      { name: `${block}.ffn_down.weight`, dims: [feedForward, embedding], lane: 'keep' },
    );
  }

  const random = seededRandom(seed);
  const data = new Writer();
  const infos = tensors.map((tensor) => {
    data.padTo(ALIGNMENT);
    const offset = data.length;
    const count = tensor.dims.reduce((a, b) => a * b, 1);
    const values = new Float32Array(count);
    // Norm weights 1; the rest uniform in ±1/√fan-in, so activations stay finite.
    const scale = 1 / Math.sqrt(tensor.dims[0]);
    for (let i = 0; i < count; i++) values[i] = tensor.norm ? 1 : (random() * 2 - 1) * scale;
    // LANES: dimensions 0 and 1 of the residual stream are set by the token embedding alone (no layer
    // writes to them: rows 0 and 1 of the output projections are zero), so they reach the final norm
    // unchanged. Dimension 0 is 1 for every token: read by the JSON closers (", ], }), it biases them
    // above the random logits, so under a JSON grammar strings, arrays and objects close soon.
    // Dimension 1 is 1 for the closers only: read by end-of-text, it ends a plain answer right after
    // its first closer. A random-weight model then answers without hitting a token limit.
    const columns = tensor.dims[0];
    const rows = count / columns;
    if (tensor.lane === 'source') {
      for (let row = 0; row < rows; row++) {
        values[row * columns] = 1;
        values[row * columns + 1] = closers.has(row) ? 1 : 0;
      }
    }
    if (tensor.lane === 'keep') values.fill(0, 0, 2 * columns);
    if (tensor.lane === 'stop') {
      for (let row = 0; row < rows; row++) {
        values[row * columns] = closers.has(row) ? CLOSER_WEIGHT : 0;
        values[row * columns + 1] = row === EOS_ID ? STOP_AFTER_CLOSER_WEIGHT : 0;
      }
    }
    data.push(Buffer.from(values.buffer));
    return { ...tensor, offset };
  });

  const out = new Writer();
  out.push(Buffer.from('GGUF', 'ascii'));
  out.u32(3);
  out.u64(tensors.length);
  out.u64(metadata.length);
  for (const [key, entry] of metadata) {
    out.string(key);
    out.u32(entry.type);
    if ('items' in entry) {
      out.u32(entry.items);
      out.u64(entry.value.length);
      for (const item of entry.value) {
        if (typeof item === 'string') out.string(item);
        else if (entry.items === ValueType.Float32) out.f32(item);
        else out.i32(item);
      }
    } else if (entry.type === ValueType.String) out.string(entry.value);
    else if (entry.type === ValueType.Uint32) out.u32(entry.value);
    else if (entry.type === ValueType.Int32) out.i32(entry.value);
    else out.f32(entry.value);
  }
  for (const info of infos) {
    out.string(info.name);
    out.u32(info.dims.length);
    for (const dim of info.dims) out.u64(dim);
    out.u32(GGML_TYPE_F32);
    out.u64(info.offset);
  }
  out.padTo(ALIGNMENT);
  out.push(data.bytes());
  return out.bytes();
}

/** Writes the file; returns its SHA-256 (hex). */
export function writeTinyGguf(path: string, options: TinyGgufOptions = {}): string {
  const bytes = makeTinyGguf(options);
  writeFileSync(path, bytes);
  return createHash('sha256').update(bytes).digest('hex');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, ...rest] = process.argv.slice(2);
  const seedAt = rest.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(rest[seedAt + 1]) : 1;
  if (!path || !Number.isInteger(seed)) {
    console.error('usage: npx tsx scripts/make-tiny-gguf.ts OUT.gguf [--seed N]');
    process.exit(2);
  }
  const digest = writeTinyGguf(path, { seed });
  console.log(`${path}: sha256 ${digest}`);
}
