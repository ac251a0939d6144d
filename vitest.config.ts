import os from 'node:os'
import path from 'node:path'
import {defineConfig} from 'vitest/config'

// Tests run the CLI with its cache on: keep that cache out of the user's home.
process.env.XDG_CACHE_HOME = path.join(os.tmpdir(), 'content-lint-test-cache')

export default defineConfig({
  test: {
    projects: [
      {
        // Fixtures and unit tests: seconds. `npx vitest run --project unit` while working.
        test: {name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/corpus/**', 'test/tools/**', '**/node_modules/**'], testTimeout: 60_000}
      },
      {
        // The real tools on the other side that take minutes to set up (pre-commit
        // installs the hook with npm): `npx vitest run --project tools`.
        test: {name: 'tools', include: ['test/tools/*.test.ts'], testTimeout: 600_000, hookTimeout: 1_200_000}
      },
      {
        // The whole 2021 snapshot, checked once in global setup (minutes), then counted.
        test: {
          name: 'corpus',
          include: ['test/corpus/*.test.ts'],
          globalSetup: ['test/corpus/setup.ts'],
          hookTimeout: 1_800_000,
          testTimeout: 120_000
        }
      }
    ]
  }
})
