// Whether /dev/kvm is usable by this process: an actual read-write open, because "exists" is
// not "works" (upstream only checks existence). Read by the accel choice (vm/) and by setup's
// udev fix (setup/), so it lives below both.
import * as fs from 'node:fs/promises'

export interface KvmStatus {
  usable: boolean
  reason: string
}

/** Opens a path; injectable so tests can simulate "not writable" while running as root. */
export type OpenFn = (path: string, flags: string) => Promise<{ close(): Promise<void> }>

const defaultOpen: OpenFn = (p, flags) => fs.open(p, flags)

export const KVM_DEVICE = '/dev/kvm'

const errCode = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined

export async function kvmUsable(opts: { device?: string; open?: OpenFn } = {}): Promise<KvmStatus> {
  const device = opts.device ?? KVM_DEVICE
  let mode = ''
  try {
    const st = await fs.stat(device)
    mode = ` (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}, uid ${st.uid}, gid ${st.gid})`
  } catch (err) {
    if (errCode(err) === 'ENOENT')
      return { usable: false, reason: `${device} does not exist (no hardware virtualisation here): TCG will be used` }
    return { usable: false, reason: `cannot stat ${device}: ${(err as Error).message}` }
  }
  try {
    const handle = await (opts.open ?? defaultOpen)(device, 'r+')
    await handle.close()
    return { usable: true, reason: `${device} opens read-write` }
  } catch (err) {
    const who = typeof process.getuid === 'function' ? `uid ${process.getuid()}` : 'this user'
    return {
      usable: false,
      reason: `${device} exists but ${who} cannot open it read-write${mode}: ${errCode(err) ?? (err as Error).message}`,
    }
  }
}
