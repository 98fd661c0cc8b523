/**
 * Where a capture is kept while it runs and until it is saved or dropped: a private temporary file
 * holding the `#` header and then perf's output byte for byte. Saving writes it atomically (see
 * atomic-write.ts), so a failed save never leaves a half-written or clobbered file. While it is
 * written, it can be followed: read from its start and on as perf writes.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { writeAtomically } from './atomic-write';

/** A follower reads at most this much at a time. */
const FOLLOW_READ_BYTES = 1024 * 1024;

export class CaptureSpool {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private finished: Promise<void> | null = null;
  /** Bytes on disk so far, and whether the file is whole (or will grow no more: a failed write). */
  private written = 0;
  private closed = false;
  private readonly followers = new Set<() => void>();

  /** `path` must not exist yet; the file is readable by its owner only (captures show traffic). */
  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
    this.stream.on('close', () => {
      this.closed = true;
      this.wakeFollowers();
    });
  }

  /** Appends, in order; a write that fails (a full disk) is reported when saving. */
  write(bytes: Buffer | string): void {
    if (this.failure !== null || this.finished !== null) return;
    const length = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
    this.stream.write(bytes, (err) => {
      if (err) return;
      this.written += length;
      this.wakeFollowers();
    });
  }

  /**
   * The file from its first byte, then each write as it reaches the disk, ending once the spool
   * is finished; it fails if the spool could not be written. Many can follow at once.
   */
  follow(): Readable {
    return Readable.from(this.followBytes(), { objectMode: false });
  }

  private async *followBytes(): AsyncGenerator<Buffer> {
    // The file is made when the write stream has opened it, which may still be under way.
    if (this.stream.pending && !this.closed) await new Promise<void>((resolve) => this.stream.once('ready', () => resolve()).once('close', () => resolve()));
    if (this.failure !== null) throw this.failure;
    const handle = await open(this.path, 'r');
    const buffer = Buffer.allocUnsafe(FOLLOW_READ_BYTES);
    try {
      for (let at = 0; ; ) {
        // Read before looking again: whatever was written before the file closed is read first.
        const whole = this.closed;
        const { bytesRead } = await handle.read(buffer, 0, FOLLOW_READ_BYTES, at);
        if (bytesRead > 0) {
          at += bytesRead;
          // A copy: the buffer is read into again while this one may still be on its way.
          yield Buffer.from(buffer.subarray(0, bytesRead));
        } else if (this.failure !== null) {
          throw this.failure;
        } else if (whole) {
          return;
        } else {
          await this.grownPast(at);
        }
      }
    } finally {
      await handle.close();
    }
  }

  /** Settles once more than `at` bytes are on disk, or the file will grow no more. */
  private grownPast(at: number): Promise<void> {
    if (this.written > at || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        if (this.written <= at && !this.closed) return;
        this.followers.delete(wake);
        resolve();
      };
      this.followers.add(wake);
    });
  }

  private wakeFollowers(): void {
    for (const wake of [...this.followers]) wake();
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
