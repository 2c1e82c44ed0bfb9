import { describe, expect, it, vi } from 'vitest'
import { emitAnnotations, limitPerKind, planAnnotations, type Annotation } from '../../src/report/annotations.js'
import { detectSplats } from '../../src/analysis/splat.js'
import { fixtureLines, makeResult, makeTarget, tailsOf, ktapTests } from '../fixtures/report/events.js'

const WS = '/home/runner/work/proj/proj'

describe('planAnnotations', () => {
  it('points a config error at file, line and column (relative to the workspace)', () => {
    const list = planAnnotations({
      diagnostics: [
        {
          severity: 'error',
          message: "Invalid config: Target 'x' must specify 'image' or 'kernel'",
          file: `${WS}/vmtest.toml`,
          line: 4,
          column: 1,
        },
        { message: "unknown key 'kernal' (did you mean 'kernel'?)", line: 7, column: 3 },
      ],
      results: [],
      configFile: `${WS}/vmtest.toml`,
      workspace: WS,
    })
    expect(list).toEqual([
      {
        kind: 'error',
        title: 'vmtest config error: vmtest.toml',
        message: "Invalid config: Target 'x' must specify 'image' or 'kernel'",
        file: 'vmtest.toml',
        startLine: 4,
        startColumn: 1,
      },
      {
        kind: 'warning',
        title: 'vmtest config warning: vmtest.toml',
        message: "unknown key 'kernal' (did you mean 'kernel'?)",
        file: 'vmtest.toml',
        startLine: 7,
        startColumn: 3,
      },
    ])
  })

  it('keeps a path outside the workspace absolute', () => {
    const [a] = planAnnotations({
      diagnostics: [{ message: 'm', file: '/etc/vmtest.toml', line: 1 }],
      results: [],
      workspace: WS,
    })
    expect(a?.file).toBe('/etc/vmtest.toml')
  })

  it('points a failed target at its [[target]] line with the name in the title', () => {
    const t = makeTarget('kernel-6.1', { origin: { file: `${WS}/ci/vmtest.toml`, line: 12, index: 1 } })
    const ok = makeTarget('fine')
    const list = planAnnotations({
      results: [
        makeResult(ok),
        makeResult(t, { result: 'fail', exitCode: 3, error: 'Command failed with exit code: 3' }),
      ],
      workspace: WS,
      tailLines: tailsOf([[t, Array.from({ length: 30 }, (_, i) => `out ${i}`)]]),
    })
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      kind: 'error',
      title: "vmtest: target 'kernel-6.1' failed",
      file: 'ci/vmtest.toml',
      startLine: 12,
    })
    expect(list[0]?.message).toContain('Command failed with exit code: 3')
    expect(list[0]?.message).toContain('out 29')
    expect(list[0]?.message).toContain('out 20')
    expect(list[0]?.message).not.toContain('out 19\n')
  })

  it('words timeouts and errors, and a target from action inputs has no file', () => {
    const noFile = makeTarget('input-target', { origin: { index: 0 } })
    const list = planAnnotations({
      results: [
        makeResult(noFile, { result: 'timeout', exitCode: null, error: 'Command timed out after 60s' }),
        makeResult(makeTarget('b'), {
          result: 'error',
          exitCode: null,
          error: 'boot failed',
          consoleTail: ['[ 1.0] Kernel panic - not syncing: x'],
        }),
      ],
    })
    expect(list.map((a) => a.title)).toEqual([
      "vmtest: target 'input-target' timed out",
      "vmtest: target 'b' did not run",
    ])
    expect(list[0]?.file).toBeUndefined()
    expect(list[1]?.message).toContain('Kernel panic - not syncing: x')
  })

  it('one annotation per splat (severity as kind) and per failing test or subtest', () => {
    const t = makeTarget('k')
    const splats = [
      ...detectSplats(fixtureLines('splats/warning.txt')),
      ...detectSplats(fixtureLines('splats/kasan.txt')),
    ]
    const tests = ktapTests(fixtureLines('tap/kselftest-runner.txt'))
    const list = planAnnotations({ results: [makeResult(t, { splats, tests })] })
    expect(list.map((a) => [a.kind, a.title])).toEqual([
      [
        'warning',
        "Kernel warning in 'k': WARNING: CPU: 1 PID: 412 at net/core/dev.c:3275 skb_warn_bad_offload+0x11c/0x140",
      ],
      ['error', "Kernel kasan in 'k': BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right+0x6c/0x90 [test_kasan]"],
      ['error', "'k': not ok 2 net:reuseport_bpf"],
      ['error', "'k': not ok net:reuseport_bpf/reuseport_bpf.ipv6_udp"],
      ['error', "'k': not ok 3 bpf:test_progs"],
      ['error', "'k': not ok 4 seccomp:seccomp_bpf"],
    ])
    expect(list[0]?.message.split('\n')).toContain('Call Trace:')
    expect(list[2]?.message.split('\n')).toEqual(
      expect.arrayContaining(['exit=1', '# reuseport_bpf.c:121: expected 4, got 0']),
    )
    expect(list[3]?.message).toBe('reuseport_bpf.c:121: expected 4, got 0')
    expect(list[4]?.message).toBe('# selftests: bpf: test_progs\n# Warning: file test_progs is missing!')
    expect(list[5]?.message.split('\n')[0]).toBe('TIMEOUT 45 seconds')
    expect(list.every((a) => a.file === 'vmtest.toml' || a.file?.endsWith('/vmtest.toml'))).toBe(true)
  })
})

describe('limitPerKind (GitHub shows 10 per kind)', () => {
  const many = (kind: Annotation['kind'], n: number): Annotation[] =>
    Array.from({ length: n }, (_, i) => ({ kind, message: `${kind} ${i}` }))

  it.each([
    [9, 9],
    [10, 10],
    [11, 10],
    [57, 10],
  ])('%i errors → %i annotations', (n, shown) => {
    expect(limitPerKind(many('error', n))).toHaveLength(shown)
  })

  it('the 10th of a kind summarises the rest; other kinds keep their own budget', () => {
    const list = limitPerKind([...many('error', 25), ...many('warning', 3), ...many('notice', 12)])
    const errors = list.filter((a) => a.kind === 'error')
    expect(errors.slice(0, 9).map((a) => a.message)).toEqual(Array.from({ length: 9 }, (_, i) => `error ${i}`))
    expect(errors[9]).toEqual({
      kind: 'error',
      title: 'vmtest: 16 more failures',
      message: 'and 16 more failures: see the job summary',
    })
    expect(list.filter((a) => a.kind === 'warning')).toHaveLength(3)
    expect(list.filter((a) => a.kind === 'notice').at(-1)?.message).toBe('and 3 more notices: see the job summary')
  })

  it('planAnnotations applies the limit, keeping the target failures first', () => {
    const t = makeTarget('t')
    const tests = ktapTests([
      'TAP version 13',
      '1..30',
      ...Array.from({ length: 30 }, (_, i) => `not ok ${i + 1} case_${i + 1}`),
    ])
    const list = planAnnotations({ results: [makeResult(t, { result: 'fail', exitCode: 1, tests })] })
    expect(list).toHaveLength(10)
    expect(list[0]?.title).toBe("vmtest: target 't' failed")
    expect(list[8]?.title).toBe("'t': not ok 8 case_8")
    expect(list[8]?.message).toBe('Test not ok 8 case_8 failed')
    // 31 errors (1 target + 30 tests): 9 shown, the 10th counts the other 22.
    expect(list[9]?.message).toBe('and 22 more failures: see the job summary')
  })
})

describe('emitAnnotations', () => {
  it('calls core.error/warning/notice with annotation properties', () => {
    const sink = { error: vi.fn(), warning: vi.fn(), notice: vi.fn() }
    emitAnnotations(
      [
        { kind: 'error', message: 'boom', title: "target 'a' failed", file: 'vmtest.toml', startLine: 3 },
        { kind: 'warning', message: 'w' },
        { kind: 'notice', message: 'n', startColumn: 2 },
      ],
      sink,
    )
    expect(sink.error).toHaveBeenCalledWith('boom', { title: "target 'a' failed", file: 'vmtest.toml', startLine: 3 })
    expect(sink.warning).toHaveBeenCalledWith('w', {})
    expect(sink.notice).toHaveBeenCalledWith('n', { startColumn: 2 })
  })

  it('through the real @actions/core: one escaped command line per annotation', async () => {
    const core = await import('@actions/core')
    const chunks: string[] = []
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      chunks.push(String(c))
      return true
    })
    try {
      emitAnnotations(
        [
          {
            kind: 'error',
            title: "vmtest: target 'a,b: c' failed",
            message: '100% broken\n::error::pwned\r',
            file: 'ci/vmtest.toml',
            startLine: 5,
          },
        ],
        core,
      )
    } finally {
      spy.mockRestore()
    }
    const out = chunks.join('')
    expect(out).toBe(
      `::error title=vmtest%3A target 'a%2Cb%3A c' failed,file=ci/vmtest.toml,line=5::100%25 broken%0A::error::pwned%0D\n`,
    )
    expect(out.split('\n').filter(Boolean)).toHaveLength(1)
  })
})
