import { describe, expect, it } from 'vitest'
import { detectSplats, MAX_EXCERPT_LINES, stripConsolePrefix } from '../../src/analysis/splat.js'
import { fixtureLines } from '../fixtures/report/events.js'

describe('detectSplats on real console output (Debian 6.1 under QEMU TCG)', () => {
  it('finds the sysrq panic with its call trace, timestamps removed', () => {
    const splats = detectSplats(fixtureLines('console-sysrq-panic.txt'))
    expect(splats).toHaveLength(1)
    const [s] = splats
    expect(s?.kind).toBe('panic')
    expect(s?.severity).toBe('error')
    expect(s?.title).toBe('Kernel panic - not syncing: sysrq triggered crash')
    expect(s?.excerpt[0]).toBe('Kernel panic - not syncing: sysrq triggered crash')
    expect(s?.excerpt).toContain('Call Trace:')
    expect(s?.excerpt).toContain(' sysrq_handle_crash+0x16/0x20')
    expect(s?.excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_LINES)
    expect(s?.excerpt.some((l) => /^\[\s*\d+\.\d+\]/.test(l))).toBe(false)
  })

  it('finds the VFS root mount panic', () => {
    const splats = detectSplats(fixtureLines('console-vfs-panic.txt'))
    expect(splats.map((s) => [s.kind, s.title])).toEqual([
      ['panic', 'Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)'],
    ])
    expect(splats[0]?.excerpt).toContain(' mount_block_root+0x1d3/0x1e6')
  })

  it('finds nothing in a clean real boot log', () => {
    const lines = fixtureLines('console-sysrq-panic.txt')
    const clean = lines.slice(
      0,
      lines.findIndex((l) => l.includes('sysrq: Trigger a crash')),
    )
    expect(clean.length).toBeGreaterThan(300)
    expect(detectSplats(clean)).toEqual([])
  })

  it('copes with CRLF serial line endings and ANSI colour', () => {
    const lines = fixtureLines('console-vfs-panic.txt').map((l) => `\x1b[0m${l}\r`)
    const splats = detectSplats(lines)
    expect(splats).toHaveLength(1)
    expect(splats[0]?.title).toBe('Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)')
  })
})

describe('detectSplats on kernel report formats', () => {
  const cases: {
    file: string
    expected: { kind: string; severity: string; title: string; has?: string; notHas?: string }[]
  }[] = [
    {
      file: 'warning.txt',
      expected: [
        {
          kind: 'warning',
          severity: 'warning',
          title: 'WARNING: CPU: 1 PID: 412 at net/core/dev.c:3275 skb_warn_bad_offload+0x11c/0x140',
          has: '---[ end trace 0000000000000000 ]---',
          notHas: 'IPv6: ADDRCONF(NETDEV_CHANGE): enp0s2: link becomes ready',
        },
      ],
    },
    {
      // BUG + #PF + Oops is one report; the panic after it is a second one.
      file: 'null-deref-oops.txt',
      expected: [
        {
          kind: 'bug',
          severity: 'error',
          title: 'BUG: kernel NULL pointer dereference, address: 0000000000000008',
          has: 'Oops: 0000 [#1] PREEMPT SMP NOPTI',
        },
        { kind: 'panic', severity: 'error', title: 'Kernel panic - not syncing: Fatal exception' },
      ],
    },
    {
      file: 'kernel-bug.txt',
      expected: [
        {
          kind: 'bug',
          severity: 'error',
          title: 'kernel BUG at mm/slub.c:435!',
          has: 'invalid opcode: 0000 [#1] PREEMPT SMP NOPTI',
        },
      ],
    },
    {
      file: 'kasan.txt',
      expected: [
        {
          kind: 'kasan',
          severity: 'error',
          title: 'BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right+0x6c/0x90 [test_kasan]',
          has: 'Write of size 1 at addr ffff888006b1f073 by task kunit_try_catch/1177',
          notHas: 'Disabling lock debugging due to kernel taint',
        },
      ],
    },
    {
      file: 'ubsan.txt',
      expected: [
        {
          kind: 'ubsan',
          severity: 'warning',
          title: 'UBSAN: array-index-out-of-bounds in drivers/net/wireless/foo/bar.c:1240:35',
          has: "index 8 is out of range for type 'u8 [8]'",
          notHas: 'usb 1-1: new high-speed USB device number 2 using xhci_hcd',
        },
      ],
    },
    {
      file: 'rcu-stall.txt',
      expected: [
        { kind: 'rcu-stall', severity: 'warning', title: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
      ],
    },
    {
      file: 'soft-lockup.txt',
      expected: [
        {
          kind: 'soft-lockup',
          severity: 'warning',
          title: 'watchdog: BUG: soft lockup - CPU#1 stuck for 26s! [spin:601]',
        },
      ],
    },
    {
      file: 'hard-lockup.txt',
      expected: [
        { kind: 'hard-lockup', severity: 'warning', title: 'NMI watchdog: Watchdog detected hard LOCKUP on cpu 1' },
      ],
    },
    {
      file: 'hung-task.txt',
      expected: [
        {
          kind: 'hung-task',
          severity: 'warning',
          title: 'INFO: task kworker/u4:2:57 blocked for more than 120 seconds.',
          has: 'Workqueue: writeback wb_workfn (flush-9p-1)',
          notHas: '9pnet: Installing 9P2000 support',
        },
      ],
    },
    {
      file: 'lockdep.txt',
      expected: [
        {
          kind: 'warning',
          severity: 'warning',
          title: 'WARNING: possible circular locking dependency detected',
          has: 'stack backtrace:',
        },
      ],
    },
    {
      file: 'arm64-oops.txt',
      expected: [
        {
          kind: 'oops',
          severity: 'error',
          title: 'Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000',
          has: 'Internal error: Oops: 0000000096000045 [#1] PREEMPT SMP',
        },
      ],
    },
    { file: 'not-splats.txt', expected: [] },
  ]

  it.each(cases)('$file', ({ file, expected }) => {
    const splats = detectSplats(fixtureLines(`splats/${file}`))
    expect(splats.map((s) => ({ kind: s.kind, severity: s.severity, title: s.title }))).toEqual(
      expected.map(({ kind, severity, title }) => ({ kind, severity, title })),
    )
    expected.forEach((e, i) => {
      const excerpt = splats[i]?.excerpt ?? []
      expect(excerpt[0]).toBe(e.title)
      expect(excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_LINES)
      if (e.has) expect(excerpt).toContain(e.has)
      if (e.notHas) expect(excerpt).not.toContain(e.notHas)
    })
  })

  it('needs a call trace after WARNING:', () => {
    expect(detectSplats(['[    1.0] WARNING: CPU feature disabled', '[    1.1] next message'])).toEqual([])
    const withTrace = [
      '[    1.0] WARNING: CPU: 0 PID: 1 at kernel/x.c:1 f+0x1/0x2',
      '[    1.1] Modules linked in:',
      '[    1.2] Call Trace:',
      '[    1.3]  <TASK>',
    ]
    expect(detectSplats(withTrace).map((s) => s.kind)).toEqual(['warning'])
  })

  it('bounds a long report to MAX_EXCERPT_LINES', () => {
    const lines = [
      '[    5.000000] BUG: KASAN: use-after-free in f+0x1/0x2',
      ...Array.from({ length: 200 }, (_, i) => `[    5.${String(i).padStart(6, '0')}]  frame_${i}+0x1/0x2`),
    ]
    const [s] = detectSplats(lines)
    expect(s?.excerpt).toHaveLength(MAX_EXCERPT_LINES)
  })

  it('counts every splat of a concatenated console', () => {
    const files = ['warning.txt', 'kasan.txt', 'ubsan.txt', 'hung-task.txt', 'soft-lockup.txt', 'kernel-bug.txt']
    const all = files.flatMap((f) => fixtureLines(`splats/${f}`))
    expect(detectSplats(all).map((s) => s.kind)).toEqual([
      'warning',
      'kasan',
      'ubsan',
      'hung-task',
      'soft-lockup',
      'bug',
    ])
  })

  it('an Oops far from an earlier report starts its own splat', () => {
    const lines = [
      'INFO: task a:1 blocked for more than 120 seconds.',
      ...Array.from({ length: 30 }, (_, i) => `unrelated message ${i}`),
      'general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] PREEMPT SMP KASAN NOPTI',
    ]
    expect(detectSplats(lines).map((s) => s.kind)).toEqual(['hung-task', 'oops'])
  })
})

describe('stripConsolePrefix', () => {
  it.each([
    ['[   12.345678] BUG: x', 'BUG: x'],
    ['[    0.000000][    T1] BUG: x', 'BUG: x'],
    ['[  101.000001][  C0] WARNING: x', 'WARNING: x'],
    ['<4>[    1.5] Oops', 'Oops'],
    ['no prefix', 'no prefix'],
  ])('%j', (input, out) => {
    expect(stripConsolePrefix(input)).toBe(out)
  })
})
