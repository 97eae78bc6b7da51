import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { Direction } from './types.js';

/**
 * A Duplex around the TCP socket that shows every chunk, both directions, to `onChunk` before passing it on.
 * Node's TLS takes a real net.Socket over natively (its 'data' events then show nothing), so tls.connect must be
 * given this stream instead. Client chunks are shown synchronously inside write(), so what node's TLS writes right
 * before an event (its Finished before 'secureConnect', an alert before 'error') is recorded before that event.
 *
 * `holdWrite` may claim a client chunk instead: the tap then detaches from node's TLS. The chunk is held back (not
 * sent, not shown), later server bytes still reach `onChunk` but no longer node's TLS, and destroying or ending the
 * tap no longer touches the socket: the caller owns it from there (see probe's drain).
 */
export class RecordingDuplex extends Duplex {
  private detachedFlag = false;
  private held: Buffer[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly onChunk: (dir: Direction, chunk: Buffer) => void,
    private readonly holdWrite: (chunk: Buffer) => boolean = () => false,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => {
      this.onChunk('server', chunk);
      if (this.detachedFlag) return;
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => {
      if (!this.detachedFlag) this.push(null);
    });
    socket.on('error', (err) => {
      if (!this.detachedFlag) this.destroy(err);
    });
    socket.on('close', () => {
      if (!this.detachedFlag && !this.destroyed) this.destroy();
    });
  }

  get detached(): boolean {
    return this.detachedFlag;
  }

  /** Stops feeding node's TLS; the socket keeps flowing to `onChunk` only. */
  detach(): void {
    if (this.detachedFlag) return;
    this.detachedFlag = true;
    this.socket.resume();
  }

  /** Client bytes held back since the detach, in order (cleared). */
  takeHeld(): Buffer {
    const out = Buffer.concat(this.held);
    this.held = [];
    return out;
  }

  override _read(): void {
    if (!this.detachedFlag) this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.detachedFlag && this.holdWrite(chunk)) this.detach();
    if (this.detachedFlag) {
      this.held.push(chunk);
      callback();
      return;
    }
    this.onChunk('client', chunk);
    this.socket.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.detachedFlag) callback();
    else this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.detachedFlag) this.socket.destroy();
    callback(error);
  }
}
