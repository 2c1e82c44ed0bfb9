// The shape of vmtest.toml (reference §1) as a zod schema, and readable messages for its
// issues. Types only: upstream's semantic rules (kernel XOR image, …) are in spec.ts so that
// one-liners and action inputs share them.
//
// smol-toml is asked for integers as BigInt so that `num_cpus = 2.0` (a TOML float) is told
// apart from `num_cpus = 2`, as upstream's u8 does.
import { z } from 'zod'
import { ARCHES, NETWORKS, SHARED_FSES, TEST_OUTPUT_SOURCES } from '../plan/types.js'
import { DEFAULT_MEMORY, DEFAULT_NUM_CPUS, DEFAULT_ROOTFS } from './spec.js'

const expect = (text: string) => ({ error: text })
const STRING = expect('expected string')
const BOOL = expect('expected boolean (true or false)')
const NUM_CPUS = expect('expected integer 1..255')

// zod's z.object accepts any object, and smol-toml gives TOML dates as Date objects: without
// this `vm = 1979-05-27` would pass as an empty table. A Date becomes a value no table
// schema accepts, so the table's own message names the field.
const notDate = (v: unknown): unknown => (v instanceof Date ? `<date ${v.toISOString()}>` : v)

const MountSchema = z.object(
  {
    host_path: z.string(STRING),
    writable: z.boolean(BOOL).default(false),
  },
  expect('expected table { host_path = "...", writable = false }'),
)

const VmSchema = z.object(
  {
    num_cpus: z.bigint(NUM_CPUS).min(1n, NUM_CPUS).max(255n, NUM_CPUS).default(BigInt(DEFAULT_NUM_CPUS)),
    memory: z.string(STRING).default(DEFAULT_MEMORY),
    mounts: z
      .record(
        z.string(),
        z.preprocess(notDate, MountSchema),
        expect('expected table of "<guest path>" = { host_path = "..." }'),
      )
      .default({}),
    bios: z.string(STRING).optional(),
    extra_args: z.array(z.string(STRING), expect('expected array of strings')).default([]),
    network: z.enum(NETWORKS, expect(`expected one of ${NETWORKS.join(', ')}`)).optional(),
    shared_fs: z.enum(SHARED_FSES, expect(`expected one of ${SHARED_FSES.join(', ')}`)).optional(),
  },
  expect('expected table'),
)

const TargetSchema = z.object(
  {
    name: z.string(STRING),
    kernel: z.string(STRING).optional(),
    image: z.string(STRING).optional(),
    uefi: z.boolean(BOOL).default(false),
    kernel_args: z.string(STRING).optional(),
    kvm_cpu_args: z.string(STRING).optional(),
    rootfs: z.string(STRING).default(DEFAULT_ROOTFS),
    kernel_modules: z.string(STRING).optional(),
    arch: z.enum(ARCHES, expect(`expected one of ${ARCHES.join(', ')}`)).optional(),
    qemu_command: z.string(STRING).optional(),
    command: z.string(STRING),
    fail_on_test_failure: z.boolean(BOOL).optional(),
    test_output_source: z
      .enum(TEST_OUTPUT_SOURCES, expect(`expected one of ${TEST_OUTPUT_SOURCES.join(', ')}`))
      .optional(),
    // prefault (not default): the default {} is parsed, so the vm defaults apply.
    vm: z.preprocess(notDate, VmSchema).prefault({}),
  },
  expect('expected table'),
)

export const ConfigSchema = z.object(
  { target: z.array(TargetSchema, expect('expected array of tables [[target]]')) },
  expect('expected table'),
)

export type RawTarget = z.output<typeof TargetSchema>

export const TOP_KEYS = Object.keys(ConfigSchema.shape)
export const TARGET_KEYS = Object.keys(TargetSchema.shape)
export const VM_KEYS = Object.keys(VmSchema.shape)
export const MOUNT_KEYS = Object.keys(MountSchema.shape)

/** A short description of a TOML value for "expected X, got Y". */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') {
    const s = v.length > 40 ? `${v.slice(0, 37)}...` : v
    return `string ${JSON.stringify(s)}`
  }
  if (typeof v === 'bigint') return `integer ${v}`
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'float nan'
    if (!Number.isFinite(v)) return `float ${v > 0 ? 'inf' : '-inf'}`
    return `float ${Number.isInteger(v) ? v.toFixed(1) : v}`
  }
  if (typeof v === 'boolean') return `boolean ${v}`
  if (Array.isArray(v)) return 'array'
  if (v instanceof Date) return 'date-time'
  if (v !== null && typeof v === 'object') {
    // smol-toml's TomlDate extends Date; Temporal values (useLegacyDate=false) are objects too.
    return 'table'
  }
  return String(v)
}

const BARE = /^[A-Za-z0-9_-]+$/

/** `vm.mounts."/tmp".host_path` */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path
    .map((seg) =>
      typeof seg === 'number' ? `[${seg}]` : BARE.test(String(seg)) ? String(seg) : JSON.stringify(String(seg)),
    )
    .join('.')
    .replace(/\.\[/g, '[')
}
