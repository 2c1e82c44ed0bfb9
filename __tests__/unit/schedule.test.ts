import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { autoJobs, memoryBudget, memoryBytes, targetSlug } from '../../src/engine/schedule.js'
import { makeTarget } from '../fixtures/target.js'

const GiB = 2 ** 30
const MiB = 2 ** 20

describe('memoryBytes (QEMU -m syntax)', () => {
  it.each([
    ['4G', 4 * GiB],
    ['4g', 4 * GiB],
    ['512M', 512 * MiB],
    ['512', 512 * MiB],
    ['1.5G', 1.5 * GiB],
    ['2048K', 2 * MiB],
    ['1T', 2 ** 40],
    ['256MB', 256 * MiB],
    [' 1G ', GiB],
    ['', 0],
    ['lots', 0],
    ['-1G', 0],
    ['4X', 0],
  ])('%j is %d bytes', (text, bytes) => {
    expect(memoryBytes(text)).toBe(bytes)
  })
})

const vm = (numCpus: number, memory: string, name = 't') => makeTarget({ name, vm: { numCpus, memory } })

describe('autoJobs', () => {
  it.each([
    // [why, targets, cores, free bytes, jobs]
    ['no targets', [], 8, 64 * GiB, 1],
    ['one target', [vm(1, '1G')], 8, 64 * GiB, 1],
    ['1-vCPU targets on 2 cores', [vm(1, '1G'), vm(1, '1G'), vm(1, '1G'), vm(1, '1G')], 2, 64 * GiB, 2],
    ['default targets (2 vCPUs) on 2 cores', [vm(2, '4G'), vm(2, '4G'), vm(2, '4G')], 2, 64 * GiB, 1],
    ['default targets on a 4-core 16 GB runner', [vm(2, '4G'), vm(2, '4G'), vm(2, '4G')], 4, 15 * GiB, 2],
    ['never more jobs than targets', [vm(1, '1G'), vm(1, '1G')], 64, 1024 * GiB, 2],
    ['memory is the limit', [vm(1, '4G'), vm(1, '4G'), vm(1, '4G'), vm(1, '4G')], 16, 9 * GiB, 2],
    ['memory exactly fits', [vm(1, '4G'), vm(1, '4G')], 16, 8 * GiB, 2],
    ['a target bigger than the host still runs, alone', [vm(8, '64G'), vm(8, '64G')], 2, 4 * GiB, 1],
    ['a single core', [vm(1, '256M'), vm(1, '256M')], 1, 64 * GiB, 1],
    // Mixed plans: any n targets must fit, so the n biggest are what counts.
    ['mixed vCPUs: 4 + 2 + 1 + 1 on 8 cores', [vm(1, '1G'), vm(4, '1G'), vm(1, '1G'), vm(2, '1G')], 8, 64 * GiB, 4],
    ['mixed vCPUs: 4 + 2 on 5 cores', [vm(1, '1G'), vm(4, '1G'), vm(1, '1G'), vm(2, '1G')], 5, 64 * GiB, 1],
    ['mixed vCPUs: 2 + 1 + 1 on 4 cores', [vm(2, '1G'), vm(1, '1G'), vm(1, '1G')], 4, 64 * GiB, 3],
    ['mixed memory: 8G + 1G + 1G in 10G', [vm(1, '1G'), vm(1, '8G'), vm(1, '1G')], 16, 10 * GiB, 3],
    ['mixed memory: 8G + 1G + 1G in 9.5G', [vm(1, '1G'), vm(1, '8G'), vm(1, '1G')], 16, 9.5 * GiB, 2],
  ])('%s', (_why, targets, cores, free, jobs) => {
    expect(autoJobs(targets, cores, free)).toBe(jobs)
  })

  it('any `jobs` targets fit the host together (unless one alone does not)', () => {
    const target = fc.record({ cpus: fc.integer({ min: 1, max: 16 }), mib: fc.integer({ min: 64, max: 64 * 1024 }) })
    fc.assert(
      fc.property(
        fc.array(target, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 256 * 1024 }),
        fc.infiniteStream(fc.boolean()),
        (specs, cores, freeMiB, coin) => {
          const targets = specs.map((s, i) => vm(s.cpus, `${s.mib}M`, `t${i}`))
          const jobs = autoJobs(targets, cores, freeMiB * MiB)
          expect(jobs).toBeGreaterThanOrEqual(1)
          expect(jobs).toBeLessThanOrEqual(targets.length)
          if (jobs === 1) return
          // A random subset of `jobs` targets.
          const picked = [...specs].sort(() => (coin.next().value ? 1 : -1)).slice(0, jobs)
          expect(picked.reduce((a, s) => a + s.cpus, 0)).toBeLessThanOrEqual(cores)
          expect(picked.reduce((a, s) => a + s.mib, 0)).toBeLessThanOrEqual(freeMiB)
        },
      ),
    )
  })

  it('more cores or memory never means fewer jobs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 32 }),
        fc.integer({ min: 1, max: 64 }),
        (cpus, cores, freeG) => {
          const targets = cpus.map((c, i) => vm(c, '1G', `t${i}`))
          const base = autoJobs(targets, cores, freeG * GiB)
          expect(autoJobs(targets, cores + 1, freeG * GiB)).toBeGreaterThanOrEqual(base)
          expect(autoJobs(targets, cores, (freeG + 1) * GiB)).toBeGreaterThanOrEqual(base)
        },
      ),
    )
  })
})

describe('memoryBudget', () => {
  it.each([
    ['no cgroup limit (undefined)', 8 * GiB, undefined, 8 * GiB],
    ['no cgroup limit (0)', 8 * GiB, 0, 8 * GiB],
    ['cgroup v2 "max" (2^64)', 8 * GiB, 2 ** 64, 8 * GiB],
    ['a container limit below free memory', 8 * GiB, 2 * GiB, 2 * GiB],
    ['a limit above free memory', 8 * GiB, 32 * GiB, 8 * GiB],
    ['nonsense', 8 * GiB, Number.NaN, 8 * GiB],
  ])('%s', (_why, free, constrained, budget) => {
    expect(memoryBudget(free, constrained)).toBe(budget)
  })
})

describe('targetSlug', () => {
  it.each([
    ['kernel 6.1', 0, '01-kernel_6.1'],
    ['a/b\\c:d', 4, '05-a_b_c_d'],
    ['..hidden', 9, '10-hidden'],
    ['日本語', 2, '03-target'],
    ['x'.repeat(100), 0, `01-${'x'.repeat(60)}`],
  ])('%j (#%d) → %s', (name, index, slug) => {
    expect(targetSlug(makeTarget({ name, origin: { index } }))).toBe(slug)
  })

  it('two targets with the same name get different folders', () => {
    const a = makeTarget({ name: 'same', origin: { index: 0 } })
    const b = makeTarget({ name: 'same', origin: { index: 1 } })
    expect(targetSlug(a)).not.toBe(targetSlug(b))
  })
})
