// The bench's bare floor (bench/bare.ts): the engine's argv with everything but the kernel,
// its 9p root and the console taken out, and the same with upstream's kernel command line.
import { describe, expect, it } from 'vitest'
import { bareArgv, upstreamCmdline } from '../../bench/bare.js'
import { benchTarget } from '../../bench/ours.js'

describe('the bare floor', () => {
  const { args } = bareArgv(benchTarget('/k/bzImage', 'true'), '/tmp/bare/init.sh')

  it('keeps only the kernel, the 9p root and the console of the engine argv', () => {
    expect(args).not.toContain('-qmp')
    expect(args).not.toContain('-chardev')
    expect(args).not.toContain('-device')
    expect(args.filter((a) => a === '-virtfs')).toHaveLength(1)
    expect(args[args.indexOf('-virtfs') + 1]).toContain('id=root,')
    expect(args[args.indexOf('-kernel') + 1]).toBe('/k/bzImage')
  })

  it("has the engine's kernel command line, and upstream's without the engine's additions", () => {
    const append = (a: string[]): string[] => (a[a.indexOf('-append') + 1] ?? '').split(' ')
    expect(append(args)).toContain('acpi=noirq')
    expect(append(args)).toContain('i8042.noaux')
    expect(append(args)).toContain('init=/tmp/bare/init.sh')
    const upstream = upstreamCmdline(args)
    expect(append(upstream)).toEqual(append(args).filter((w) => w !== 'acpi=noirq' && w !== 'i8042.noaux'))
    expect(upstream.filter((a, i) => a !== args[i])).toHaveLength(1)
  })
})
