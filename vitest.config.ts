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
  },
});
