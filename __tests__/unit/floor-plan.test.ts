// The floor plan in eslint.config.js is what keeps src/ layered: a wrong-way import must fail
// lint. These cases lint a one-line file placed (virtually) in a folder and check the verdict.
import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const repo = resolve(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: repo })

async function floorErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(repo, file) })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('floor plan', () => {
  it.each([
    ['src/vm/x.ts', "import { runPlan } from '../engine/run.js'"],
    ['src/vm/x.ts', "import { setupHost } from '../setup/install.js'"],
    ['src/engine/x.ts', "import { isFailed } from '../report/results.js'"],
    ['src/engine/x.ts', "import { setupHost } from '../setup/install.js'"],
    ['src/config/x.ts', "import type { BuildOptions } from '../initramfs/index.js'"],
    ['src/plan/x.ts', "import { buildQemuArgv } from '../qemu/argv.js'"],
    ['src/plan/x.ts', "import { QmpClient } from '../vm/qmp.js'"],
    ['src/qemu/x.ts', "import { loadConfig } from '../config/load.js'"],
    ['src/report/x.ts', "import { VmSession } from '../vm/session.js'"],
    ['src/analysis/x.ts', "import { runPlan } from '../engine/run.js'"],
    ['src/platform/x.ts', "import { archSpec } from '../qemu/arch.js'"],
  ])('%s may not say %s', async (file, source) => {
    const errors = await floorErrors(file, `${source}\nexport const x = 1\n`)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/floor plan/)
  })

  it.each([
    ['src/engine/x.ts', "import { VmSession } from '../vm/session.js'"],
    ['src/report/x.ts', "import { LineTail } from '../analysis/tail.js'"],
    ['src/vm/x.ts', "import { buildQemuArgv } from '../qemu/argv.js'"],
    ['src/qemu/x.ts', "import { archFacts } from '../platform/arch.js'"],
    ['src/cli/x.ts', "import { runPlan } from '../engine/run.js'"],
  ])('%s may say %s', async (file, source) => {
    expect(await floorErrors(file, `${source}\nexport const x = 1\n`)).toEqual([])
  })
})
