// BootStallWatch's rules against a fake VM (QMP answers scripted here): the silent rule, the
// no-progress rule for boot code that goes on printing, and what keeps either from firing (a
// kernel's paging, disk reads). The real-QEMU case is in __tests__/vm/images.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { classifyConsoleLine, HandoffWatch } from '../../src/analysis/console-watch.js'
import { BOOT_SILENCE_MS, BootStallWatch, NO_PROGRESS_MS } from '../../src/vm/boot-stall.js'
import type { QmpClient } from '../../src/vm/qmp.js'

interface FakeVm {
  readBytes: number
  cr0: string
}

function setup(vm: FakeVm) {
  const watch = new HandoffWatch()
  let lastOutputAt = Date.now()
  const say = (line: string): void => {
    lastOutputAt = Date.now()
    watch.see(classifyConsoleLine(line), Date.now(), line)
  }
  const qmp = {
    execute: (command: string) =>
      Promise.resolve(
        command === 'query-blockstats'
          ? [{ stats: { rd_bytes: vm.readBytes } }]
          : `EAX=00000000 EBX=00000000\nCR0=${vm.cr0} CR2=00000000 CR3=00000000 CR4=00000000\n`,
      ),
  } as unknown as QmpClient
  const stalls: { seconds: number; silent: boolean; lastWords?: string }[] = []
  const w = new BootStallWatch({
    qmp,
    watch,
    lastOutputAt: () => lastOutputAt,
    onStall: (s, seconds, silent) => stalls.push({ seconds, silent, lastWords: s.lastWords }),
  })
  w.start()
  return { say, stalls, stop: () => w.stop(), lastLook: () => w.lastLook() }
}

describe('BootStallWatch', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('fires once the console and the disk have been quiet for 10 s with paging off', async () => {
    const vm = { readBytes: 512, cr0: '00000010' }
    const t = setup(vm)
    t.say('Booting from Hard Disk...')
    await vi.advanceTimersByTimeAsync(BOOT_SILENCE_MS - 2000)
    expect(t.stalls).toEqual([])
    // (The first disk reading is taken at the first tick, a second after the hand-over.)
    await vi.advanceTimersByTimeAsync(5000)
    expect(t.stalls).toEqual([{ seconds: 10, silent: true, lastWords: undefined }])
    t.stop()
  })

  it('fires after 30 s on boot code that goes on printing but neither reads the disk nor pages', async () => {
    const vm = { readBytes: 512, cr0: '00000010' }
    const t = setup(vm)
    t.say('Booting from Hard Disk...')
    for (let i = 0; i < 40 && t.stalls.length === 0; i++) {
      t.say(`junk ${i}`)
      await vi.advanceTimersByTimeAsync(1000)
    }
    expect(t.stalls).toHaveLength(1)
    expect(t.stalls[0]).toMatchObject({ seconds: NO_PROGRESS_MS / 1000, silent: false })
    expect(t.stalls[0]?.lastWords).toMatch(/^junk (29|30|31|32)$/)
    t.stop()
  })

  it('says what it last saw, for a deadline that came first', async () => {
    const t = setup({ readBytes: 512, cr0: '80050033' })
    expect(t.lastLook()).toBe('the boot-stall check had not run yet')
    await vi.advanceTimersByTimeAsync(1000)
    expect(t.lastLook()).toBe(
      "the boot-stall check last looked 0 s ago, the firmware's hand-over to the disk had not been seen",
    )
    t.say('Booting from Hard Disk...')
    await vi.advanceTimersByTimeAsync(BOOT_SILENCE_MS + 5000)
    expect(t.stalls).toEqual([])
    expect(t.lastLook()).toMatch(
      /^the boot-stall check last looked [01] s ago, the firmware handed over 1[45] s ago, the disk was last read 1[34] s ago, console and disk quiet for 1[34] s, CR0=80050033$/,
    )
    t.stop()
  })

  it('never fires while a kernel runs (paging on) or while the disk is being read', async () => {
    const paging = setup({ readBytes: 512, cr0: '80050033' })
    paging.say('Booting from Hard Disk...')
    await vi.advanceTimersByTimeAsync(NO_PROGRESS_MS * 2)
    expect(paging.stalls).toEqual([])
    paging.stop()

    const vm = { readBytes: 512, cr0: '00000010' }
    const reading = setup(vm)
    reading.say('Booting from Hard Disk...')
    for (let i = 0; i < 60; i++) {
      vm.readBytes += 4096
      await vi.advanceTimersByTimeAsync(1000)
    }
    expect(reading.stalls).toEqual([])
    reading.stop()
  })

  it('never fires once a kernel has spoken', async () => {
    const t = setup({ readBytes: 512, cr0: '00000010' })
    t.say('Booting from Hard Disk...')
    t.say('[    0.000000] Linux version 6.1.0')
    await vi.advanceTimersByTimeAsync(NO_PROGRESS_MS * 2)
    expect(t.stalls).toEqual([])
    t.stop()
  })
})
