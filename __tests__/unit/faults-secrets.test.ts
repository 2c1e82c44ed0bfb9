// Issue 8, security, pure parts: which host variables a guest command and QEMU get, and
// which `vm.mounts` reach outside the workspace (symlinks followed). The real-guest side of
// both is in __tests__/vm/security.test.ts.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_WITHHELD, guestEnvironment, mountsOutside, qemuEnvironment } from '../../src/vm/guest-env.js'
import type { Mount } from '../../src/plan/types.js'

const HOST: NodeJS.ProcessEnv = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/runner',
  ACTIONS_RUNTIME_TOKEN: 'rt',
  ACTIONS_RUNTIME_URL: 'https://pipelines.example/',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/',
  ACTIONS_CACHE_URL: 'https://cache.example/',
  ACTIONS_RESULTS_URL: 'https://results.example/',
  GITHUB_TOKEN: 'ghs_x',
  GH_TOKEN: 'gho_x',
  GITHUB_ENV: '/home/runner/work/_temp/_runner_file_commands/set_env_1',
  GITHUB_PATH: '/home/runner/work/_temp/_runner_file_commands/add_path_1',
  GITHUB_OUTPUT: '/home/runner/work/_temp/_runner_file_commands/set_output_1',
  GITHUB_STATE: '/home/runner/work/_temp/_runner_file_commands/save_state_1',
  GITHUB_STEP_SUMMARY: '/home/runner/work/_temp/_runner_file_commands/step_summary_1',
  INPUT_TOKEN: 'input-secret',
  INPUT_CONFIG: 'vmtest.toml',
  GITHUB_SHA: 'abc123',
  MY_SECRET: 's3cr3t',
  EMPTY: '',
}

const names = (env: string[]): string[] => env.map((e) => e.slice(0, e.indexOf('='))).sort()

describe('guestEnvironment / qemuEnvironment', () => {
  it.each([
    ['by default', {}, ['EMPTY', 'GITHUB_SHA', 'HOME', 'MY_SECRET', 'PATH']],
    ['withholding one more', { withhold: ['MY_SECRET'] }, ['EMPTY', 'GITHUB_SHA', 'HOME', 'PATH']],
    [
      'passing a default one and an input',
      { pass: ['ACTIONS_CACHE_URL', 'INPUT_CONFIG'] },
      ['ACTIONS_CACHE_URL', 'EMPTY', 'GITHUB_SHA', 'HOME', 'INPUT_CONFIG', 'MY_SECRET', 'PATH'],
    ],
    [
      'passing a runner command file',
      { pass: ['GITHUB_STEP_SUMMARY'] },
      ['EMPTY', 'GITHUB_SHA', 'GITHUB_STEP_SUMMARY', 'HOME', 'MY_SECRET', 'PATH'],
    ],
    [
      'pass wins over withhold',
      { withhold: ['MY_SECRET'], pass: ['MY_SECRET'] },
      ['EMPTY', 'GITHUB_SHA', 'HOME', 'MY_SECRET', 'PATH'],
    ],
  ])('%s', (_label, policy, expected) => {
    const guest = guestEnvironment(HOST, policy)
    expect(names(guest)).toEqual(expected)
    // Values verbatim (an empty one too), as NAME=value words.
    expect(guest).toContain('EMPTY=')
    expect(guest).toContain('PATH=/usr/bin:/bin')
    // QEMU gets the same set, as an environment object.
    expect(Object.keys(qemuEnvironment(HOST, policy)).sort()).toEqual(expected)
  })

  it('withholds every default secret and every INPUT_* by default', () => {
    const env = Object.fromEntries([...DEFAULT_WITHHELD, 'INPUT_ANYTHING'].map((k) => [k, 'v']))
    expect(guestEnvironment(env)).toEqual([])
    expect(qemuEnvironment(env)).toEqual({})
    expect(DEFAULT_WITHHELD).toEqual(
      expect.arrayContaining([
        'ACTIONS_RUNTIME_TOKEN',
        'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
        'ACTIONS_CACHE_URL',
        'ACTIONS_RESULTS_URL',
        'GITHUB_TOKEN',
        'GH_TOKEN',
      ]),
    )
    expect(DEFAULT_WITHHELD).toEqual(
      expect.arrayContaining(['GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']),
    )
  })
})

describe('mountsOutside', () => {
  const root = mkdtempSync(join(tmpdir(), 'vmt8-secrets-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const ws = join(root, 'ws')
  for (const d of ['ws/data', 'ws-sibling', 'elsewhere']) mkdirSync(join(root, d), { recursive: true })
  symlinkSync(join(root, 'elsewhere'), join(ws, 'link-out'))
  symlinkSync(join(ws, 'data'), join(root, 'link-in'))
  const m = (hostPath: string): Mount => ({ guestPath: '/mnt/x', hostPath, writable: false })

  it.each([
    ['the workspace itself', ws, false],
    ['a folder inside', join(ws, 'data'), false],
    ['a path inside that does not exist (yet)', join(ws, 'later'), false],
    ['a sibling sharing its name as a prefix', join(root, 'ws-sibling'), true],
    ['a folder elsewhere', join(root, 'elsewhere'), true],
    ['a symlink inside pointing outside', join(ws, 'link-out'), true],
    ['a symlink outside pointing inside', join(root, 'link-in'), false],
    ['the host root', '/', true],
    ['a path with .. climbing out', join(ws, 'data', '..', '..', 'elsewhere'), true],
  ])('%s → outside: %s', (_label, hostPath, outside) => {
    expect(mountsOutside([m(hostPath)], [ws])).toEqual(outside ? [m(hostPath)] : [])
  })

  it('any of several workspaces counts (config folder, GITHUB_WORKSPACE)', () => {
    expect(mountsOutside([m(join(root, 'elsewhere'))], [ws, join(root, 'elsewhere')])).toEqual([])
    expect(mountsOutside([m(join(root, 'elsewhere'))], [])).toHaveLength(1)
  })
})
