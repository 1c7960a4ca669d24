import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/corpus/index.ts';
import { SpanEncoder } from '../../src/indicators/index.ts';
import { createTokenClassifier, MaskedLm, MaskedLmEngine } from '../../src/lm/index.ts';
import {
  BUNDLED_MODELS,
  checkModelReference,
  defaultDtype,
  loadedModelKeys,
  locateModel,
  ModelFolderError,
  ModelNotFoundError,
  ModelReferenceSchema,
  resolveModelReference,
} from '../../src/models/index.ts';

const BUNDLED = join(REPO_ROOT, 'models');
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sanitext-models-'));
  mkdirSync(join(scratch, 'not-a-model'));
  writeFileSync(join(scratch, 'not-a-model', 'notes.txt'), 'hello');
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the model reference', () => {
  it('is { model, dtype, threads }, strict', () => {
    expect(ModelReferenceSchema.parse({ model: 'minibert-en-cased', dtype: 'q8', threads: 2 })).toEqual({ model: 'minibert-en-cased', dtype: 'q8', threads: 2 });
    const result = ModelReferenceSchema.safeParse({ model: 'minibert-en-cased', precision: 'q8' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['precision'] });
  });
});

describe('one resolution rule', () => {
  it('a bundled name is the bundled folder, from any working directory or base', () => {
    for (const name of BUNDLED_MODELS) {
      expect(resolveModelReference(name, scratch)).toEqual({ kind: 'bundled', model: name, folder: join(BUNDLED, name) });
    }
    // The list that error messages show is every model folder shipped.
    const shipped = readdirSync(BUNDLED).filter((name) => existsSync(join(BUNDLED, name, 'config.json')));
    expect([...BUNDLED_MODELS].sort()).toEqual(shipped.sort());
  });

  it('a path is relative to the base folder (the file that names it)', () => {
    expect(resolveModelReference('models/minibert-tab-ner', REPO_ROOT)).toEqual({ kind: 'folder', model: 'models/minibert-tab-ner', folder: join(BUNDLED, 'minibert-tab-ner') });
    expect(resolveModelReference('../models/minibert-tab-ner', join(REPO_ROOT, 'experiments'))).toMatchObject({ kind: 'folder', folder: join(BUNDLED, 'minibert-tab-ner') });
    expect(resolveModelReference(join(BUNDLED, 'minibert-tab-ner'), scratch)).toMatchObject({ kind: 'folder', folder: join(BUNDLED, 'minibert-tab-ner') });
    expect(resolveModelReference('./nothing-here', scratch)).toEqual({ kind: 'missing', model: './nothing-here', folder: join(scratch, 'nothing-here') });
  });

  it('anything else, and org/name without such a folder, is a Hugging Face id', () => {
    expect(resolveModelReference('bert-base-uncased', scratch)).toEqual({ kind: 'hub', model: 'bert-base-uncased', id: 'bert-base-uncased' });
    expect(resolveModelReference('Xenova/bert-base-NER', scratch)).toEqual({ kind: 'hub', model: 'Xenova/bert-base-NER', id: 'Xenova/bert-base-NER', triedFolder: join(scratch, 'Xenova', 'bert-base-NER') });
  });
});

describe('checkModelReference (no loading)', () => {
  it('accepts the bundled models with the weights they ship', () => {
    expect(checkModelReference('minibert-en-cased', scratch)).toBeUndefined();
    expect(checkModelReference({ model: 'minibert-en-cased', dtype: 'fp32' }, scratch)).toBeUndefined();
    expect(checkModelReference({ model: 'minibert-en-cased-encoder', dtype: 'q8' }, scratch)).toBeUndefined();
    expect(checkModelReference('bert-base-uncased', scratch)).toBeUndefined(); // a hub id cannot be checked offline
  });

  it('names the model, where it looked and what is missing', () => {
    expect(checkModelReference('/missing/path', scratch)).toBe(
      `model "/missing/path" not found: not a bundled model (${BUNDLED_MODELS.join(', ')}), no folder at /missing/path, and not a Hugging Face id`,
    );
    expect(checkModelReference('./not-a-model', scratch)).toBe(`model "./not-a-model" (${join(scratch, 'not-a-model')}): the folder has no config.json: not a model in the Transformers.js layout`);
    const encoderFp32 = checkModelReference({ model: 'minibert-en-cased-encoder', dtype: 'fp32' }, scratch);
    expect(encoderFp32).toMatch(/dtype fp32 needs .*minibert-en-cased-encoder\/onnx\/model\.onnx, which is missing/);
  });
});

describe('defaultDtype: what a reference without a dtype loads', () => {
  it('fp32 where the folder has it, q8 for an int8-only folder, fp32 for a hub id', () => {
    expect(defaultDtype(locateModel('minibert-en-cased', undefined, scratch))).toBe('fp32');
    expect(defaultDtype(locateModel('minibert-en-cased-encoder', undefined, scratch))).toBe('q8');
    expect(defaultDtype(locateModel('minibert-tab-ner', undefined, scratch))).toBe('q8');
    expect(defaultDtype(locateModel('bert-base-uncased', undefined, scratch))).toBe('fp32');
  });
});

describe('loading by reference', () => {
  it('shares one loaded model between users (process-wide cache), and frees it with the last user', async () => {
    // A thread count no other test uses: test files share a worker process (isolate: false), and a model another
    // file still holds would stay loaded after this test's last user lets go.
    const THREADS = 3;
    const byName = await MaskedLm.load({ model: 'minibert-en-cased', dtype: 'q8', threads: THREADS });
    const byPath = await MaskedLm.load({ model: join(BUNDLED, 'minibert-en-cased'), precision: 'q8', threads: THREADS });
    const engine = await MaskedLmEngine.create({ dtype: 'q8', threads: THREADS, windowLength: 32 });
    expect(byPath.tokenizer).toBe(byName.tokenizer);
    expect(engine.lm.tokenizer).toBe(byName.tokenizer);
    const key = JSON.stringify(['masked-lm', join(BUNDLED, 'minibert-en-cased'), 'q8', THREADS, true]);
    expect(loadedModelKeys().filter((k) => k === key)).toHaveLength(1);
    expect([byName.dtype, byPath.dtype, byName.portableName, byPath.portableName]).toEqual(['q8', 'q8', 'minibert-en-cased', 'minibert-en-cased']);
    await byName.dispose();
    await byPath.dispose();
    expect(loadedModelKeys()).toContain(key);
    await engine.dispose();
    expect(loadedModelKeys()).not.toContain(key);
  }, 60_000);

  it('dtype wins over its former name precision', async () => {
    const lm = await MaskedLm.load({ dtype: 'q8', precision: 'fp32', threads: 2 });
    expect(lm.dtype).toBe('q8');
    await lm.dispose();
  }, 60_000);

  it('a missing folder is a ModelNotFoundError naming it for every loader (not a TypeError)', async () => {
    const loaders = [
      () => MaskedLm.load({ model: '/missing/path' }),
      () => createTokenClassifier('/missing/path'),
      () => SpanEncoder.create({ model: '/missing/path' }),
      () => MaskedLmEngine.create({ model: './missing', baseDir: scratch }),
    ];
    for (const load of loaders) {
      const error = await load().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ModelNotFoundError);
      expect((error as Error).message).toMatch(/^model "(\/missing\/path|\.\/missing)" not found: not a bundled model .*, no folder at \//);
      // Library errors name no command-line flag.
      expect((error as Error).message).not.toMatch(/--/);
    }
  });

  it('says when the Hugging Face hub could not be reached', async () => {
    const host = env.remoteHost;
    env.remoteHost = 'http://127.0.0.1:9/'; // the discard port: nothing answers
    try {
      const error = await MaskedLm.load({ model: 'x/y', baseDir: scratch }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ModelNotFoundError);
      expect((error as Error).message).toBe(
        `model "x/y" not found: not a bundled model (${BUNDLED_MODELS.join(', ')}), no folder at ${join(scratch, 'x', 'y')}, and the Hugging Face hub could not be reached (offline?)`,
      );
    } finally {
      env.remoteHost = host;
    }
  });

  it('a folder without tokenizer files is named before loading (was "reading \'tokenizer_class\'" after 54 s)', async () => {
    const partial = join(scratch, 'partial-model');
    mkdirSync(partial);
    symlinkSync(join(BUNDLED, 'minibert-en-cased', 'config.json'), join(partial, 'config.json'));
    symlinkSync(join(BUNDLED, 'minibert-en-cased', 'onnx'), join(partial, 'onnx'));
    symlinkSync(join(BUNDLED, 'minibert-en-cased', 'tokenizer.json'), join(partial, 'tokenizer.json'));
    expect(checkModelReference('./partial-model', scratch)).toBe(`model "./partial-model" (${partial}): the folder has no tokenizer_config.json: not a model in the Transformers.js layout`);
    await expect(MaskedLm.load({ model: './partial-model', baseDir: scratch })).rejects.toThrow(ModelFolderError);
  });

  it('hints at the bundled name when a path ends in one', () => {
    expect(checkModelReference('./models/minibert-en-cased', scratch)).toMatch(/the bundled one is named "minibert-en-cased"/);
  });
});
