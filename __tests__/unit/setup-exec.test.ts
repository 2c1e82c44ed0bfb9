// The real Exec (through @actions/exec): exit codes and output come back instead of throwing,
// a missing program is exit 127 like a shell, stdin and env reach the child.
import { describe, expect, it } from 'vitest'
import { formatCommand, realExec } from '../../src/setup/exec.js'
import { findInPath } from '../../src/setup/host.js'

describe('realExec', () => {
  it('returns exit code, stdout and stderr of a failing command', async () => {
    const r = await realExec('sh', ['-c', 'echo out; echo err >&2; exit 3'])
    expect(r).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' })
  })

  it('a program that is not in PATH is exit 127', async () => {
    const r = await realExec('vmtest-no-such-program-xyz', ['--version'])
    expect(r.exitCode).toBe(127)
    expect(r.stderr).toMatch(/command not found/)
  })

  it('passes stdin, env and cwd', async () => {
    const r = await realExec('sh', ['-c', 'cat; printf " %s " "$FOO"; pwd'], {
      input: 'in',
      env: { PATH: process.env.PATH ?? '', FOO: 'bar' },
      cwd: '/',
    })
    expect(r.stdout).toBe('in bar /\n')
  })
})

describe('helpers', () => {
  it('formatCommand quotes what needs quoting', () => {
    expect(formatCommand('apt-get', ['install', 'a=1:2.0+b1', "it's", 'two words'])).toBe(
      `apt-get install a=1:2.0+b1 'it'\\''s' 'two words'`,
    )
  })

  it('findInPath finds sh and not a missing program', async () => {
    expect(await findInPath('sh')).toMatch(/^\/.*\/sh$/)
    expect(await findInPath('vmtest-no-such-program-xyz')).toBeUndefined()
  })
})
