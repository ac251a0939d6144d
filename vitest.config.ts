import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/corpus-setup.ts'],
    // The corpus run (11k pages) happens once in global setup; it can take minutes.
    hookTimeout: 900_000,
    testTimeout: 120_000
  }
})
