import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: ONNX sessions in parallel workers only fight over them.
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
    // A worker keeps the modules it loaded (Transformers.js, ONNX Runtime) from one test file to the next:
    // re-importing them per file was a third of the run (collect 100 s of 280 on 2 cores; 184 s without).
    // Test files therefore restore any process-wide state they change (env, cache-warning sinks).
    isolate: false,
  },
});
