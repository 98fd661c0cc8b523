/**
 * Where a capture is kept while it runs and until it is saved or dropped: a private temporary file
 * holding the `#` header and then perf's output byte for byte. Saving writes it atomically (see
 * atomic-write.ts), so a failed save never leaves a half-written or clobbered file.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { writeAtomically } from './atomic-write';

export class CaptureSpool {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private finished: Promise<void> | null = null;

  /** `path` must not exist yet; the file is readable by its owner only (captures show traffic). */
  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
  }

  /** Appends, in order; a write that fails (a full disk) is reported when saving. */
  write(bytes: Buffer | string): void {
    if (this.failure === null && this.finished === null) this.stream.write(bytes);
  }

  /** Everything written is on disk once this settles. */
  finish(): Promise<void> {
    this.finished ??= new Promise<void>((resolve) => {
      if (this.stream.closed) return resolve();
      this.stream.once('close', () => resolve());
      this.stream.end();
    });
    return this.finished;
  }

  /** Writes the whole capture to `target` atomically; rejects with plain words. */
  async saveAs(target: string): Promise<void> {
    await this.finish();
    if (this.failure !== null) {
      throw new Error(`Could not save ${target}: the capture could not be kept on disk while it ran (${this.failure.message}).`);
    }
    // A new file with the user's usual mode (the spool's own is private).
    await writeAtomically(target, async (handle) => {
      for await (const chunk of createReadStream(this.path)) await handle.write(chunk as Buffer);
    });
  }

  async remove(): Promise<void> {
    await this.finish();
    await rm(this.path, { force: true });
  }
}
