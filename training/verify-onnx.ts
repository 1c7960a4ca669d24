/**
 * Runs an exported ONNX token classifier through onnxruntime-node (the runtime Transformers.js
 * uses) on the probe inputs the Python trainer saved, and prints the largest difference from the
 * PyTorch logits as one JSON line. Called by training/train_token_classifier.py after export.
 *
 *   npx tsx training/verify-onnx.ts MODEL.onnx PROBE.json
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

interface Probe {
  input_ids: number[][];
  attention_mask: number[][];
  /** Span classifiers (train_span_classifier.py) take a float span mask too. */
  span_mask?: number[][];
  logits: number[][][];
}

const [modelFile, probeFile] = process.argv.slice(2);
if (!modelFile || !probeFile) throw new Error('usage: verify-onnx.ts MODEL.onnx PROBE.json');
const probe = JSON.parse(readFileSync(probeFile, 'utf8')) as Probe;
const rows = probe.input_ids.length;
const width = probe.input_ids[0].length;
const tensor = (values: number[][]) => new ort.Tensor('int64', BigInt64Array.from(values.flat().map(BigInt)), [rows, width]);
const session = await ort.InferenceSession.create(modelFile, { intraOpNumThreads: 2 });
const out = await session.run({
  input_ids: tensor(probe.input_ids),
  attention_mask: tensor(probe.attention_mask),
  token_type_ids: tensor(probe.input_ids.map((r) => r.map(() => 0))),
  ...(probe.span_mask ? { span_mask: new ort.Tensor('float32', Float32Array.from(probe.span_mask.flat()), [rows, width]) } : {}),
});
const logits = out.logits.data as Float32Array;
let maxAbsDiff = 0;
let maxAbsDiffUnpadded = 0;
probe.logits.flat(2).forEach((expected, i) => {
  const diff = Math.abs(logits[i] - expected);
  maxAbsDiff = Math.max(maxAbsDiff, diff);
  const token = Math.floor(i / probe.logits[0][0].length);
  if (probe.attention_mask[Math.floor(token / width)][token % width] === 1) maxAbsDiffUnpadded = Math.max(maxAbsDiffUnpadded, diff);
});
console.log(JSON.stringify({ max_abs_diff: maxAbsDiffUnpadded, max_abs_diff_including_padding: maxAbsDiff, runtime: 'onnxruntime-node' }));
