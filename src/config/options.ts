import type { RunOptions } from '../plan/types.js'

/** Run options when no flag / input says otherwise. Upstream runs targets one at a time and
 *  fails only on the command's status, so parallelism and splat failures are opt-in. */
export function defaultRunOptions(): RunOptions {
  return {
    accel: 'auto',
    initramfs: 'auto',
    writeImage: false,
    envWithhold: [],
    envPass: [],
    jobs: 1,
    failOnSplat: false,
    testOutput: 'auto',
  }
}
