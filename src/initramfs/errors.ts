/** Why a stock-kernel initramfs cannot be decided on or built. The message names the file,
 *  module or package involved, so it can be shown to the user as is. */
export class InitramfsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InitramfsError'
  }
}
