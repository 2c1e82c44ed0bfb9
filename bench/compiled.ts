// The engine as it ships is compiled JavaScript (ncc bundles tsc's output), not TypeScript
// transpiled on the fly: a process measured on its own (bench/worker.ts) runs from a tsc
// build of src/ and bench/ in a temp folder, so tsx's loader does not weigh on its figures.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const repo = new URL('..', import.meta.url).pathname

export interface CompiledBench {
  /** Path of the compiled bench/<name>.js. */
  script(name: string): string
  remove(): void
}

export function compileBench(): CompiledBench {
  const dir = mkdtempSync(join(tmpdir(), 'vmtest-bench-js-'))
  try {
    // tsconfig.json with emission on; src/ resolves templates/ and node_modules/ relative
    // to itself, so both go beside the output as in the repository.
    execFileSync('npx', ['tsc', '-p', join(repo, 'tsconfig.json'), '--noEmit', 'false', '--outDir', dir], {
      cwd: repo,
      stdio: 'inherit',
    })
    cpSync(join(repo, 'templates'), join(dir, 'templates'), { recursive: true })
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'))
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  return {
    script: (name) => join(dir, 'bench', `${name}.js`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
