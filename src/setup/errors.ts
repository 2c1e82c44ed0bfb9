// Typed setup failures. Each message says what failed and what to do about it, because the
// person reading it is looking at a CI log with no other context.

class SetupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** QEMU (or another needed program) is missing and we were told not to install it. */
export class MissingToolError extends SetupError {}

/** An apt / dpkg / sudo step failed. */
export class InstallError extends SetupError {}

/** A `kernel_url` / `image_url` download failed (HTTP status, truncated body, network). */
export class DownloadError extends SetupError {}

/** The downloaded file's SHA-256 differs from the one given. */
export class ChecksumError extends SetupError {
  constructor(
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
    field: string,
  ) {
    super(
      `${field}: SHA-256 mismatch for ${url}: expected ${expected}, got ${actual}. ` +
        `The file changed on the server or the checksum is wrong; the file was not used.`,
    )
  }
}
