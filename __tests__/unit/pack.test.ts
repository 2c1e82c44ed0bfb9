// The CLI as an npm package: `npm pack` makes a tarball that installs globally anywhere with
// no registry at all (`--offline`: the bundle in dist/cli is self-contained, so the package
// declares no runtime dependencies) and whose `vmtest` runs from a clean folder.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const repo = resolve(import.meta.dirname, '../..')
const tmp = mkdtempSync(join(tmpdir(), 'vmtest-pack-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

// npm's own cache and config stay in the temp dir: nothing of the user's is read or written.
const npmEnv = {
  ...process.env,
  npm_config_cache: join(tmp, 'npm-cache'),
  npm_config_userconfig: join(tmp, 'npmrc'),
  npm_config_update_notifier: 'false',
}
const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })

describe('npm pack', () => {
  it('installs globally offline from the tarball in a clean folder, and `vmtest --version` runs', () => {
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp, repo], tmp)) as {
      filename: string
      files: { path: string }[]
    }[]
    const files = packed[0].files.map((f) => f.path).sort()
    expect(files).toContain('bin/vmtest.js')
    expect(files).toContain('dist/cli/index.js')
    expect(
      files.filter((f) => f.startsWith('src/') || f.startsWith('__tests__/') || f.startsWith('node_modules/')),
    ).toEqual([])

    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      version: string
      dependencies?: object
    }
    expect(manifest.dependencies ?? {}).toEqual({})

    const clean = join(tmp, 'clean')
    mkdirSync(clean)
    const prefix = join(tmp, 'prefix')
    npm(
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--offline',
        '--no-audit',
        '--no-fund',
        join(tmp, packed[0].filename),
      ],
      clean,
    )
    expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['vmtest-action'])
    const version = execFileSync(join(prefix, 'bin', 'vmtest'), ['--version'], { cwd: clean, encoding: 'utf8' })
    // The rest of the line (which upstream release it is compatible with) is cli-messages' to check.
    expect(version.trim().split(' ').slice(0, 2).join(' ')).toBe(`vmtest ${manifest.version}`)
  }, 180_000)
})
