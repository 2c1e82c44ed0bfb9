import { defineConfig } from 'vitest/config'

// Two projects: `unit` is pure logic and fake peers (fast, no QEMU); `vm` boots real guests
// under TCG and needs the fixtures built by .ci/run (it skips with a message when they are
// missing, never silently passes: see __tests__/vm/fixtures.ts).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['__tests__/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'vm',
          include: ['__tests__/vm/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          // Guests are CPU-heavy under TCG on 2 cores: run VM files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
})
