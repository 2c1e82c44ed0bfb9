// Typed errors of the QEMU command-line builders. Each names what it was looking at (the
// image file, the firmware paths tried, the target) so the engine can show it as is.

/** No UEFI firmware could be chosen for a `uefi = true` target. */
export class FirmwareNotFoundError extends Error {
  override name = 'FirmwareNotFoundError'
  constructor(
    readonly target: string,
    readonly arch: string,
    /** Every path that was checked, in order (empty when no default is known for the arch). */
    readonly tried: readonly string[],
    hint: string,
  ) {
    super(
      tried.length
        ? `Target '${target}': no UEFI firmware found for ${arch}; tried:\n${tried.map((p) => `  ${p}`).join('\n')}\n${hint}`
        : `Target '${target}': no default UEFI firmware is known for ${arch}. ${hint}`,
    )
  }
}

/** The disk image could not be read, or is in a format we cannot boot as is. */
export class ImageFormatError extends Error {
  override name = 'ImageFormatError'
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`)
  }
}

/** buildQemuArgv was called without something the target kind needs (a caller bug). */
export class ArgvError extends Error {
  override name = 'ArgvError'
  constructor(
    readonly target: string,
    message: string,
  ) {
    super(`Target '${target}': ${message}`)
  }
}
