import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { Direction } from './types.js';

/**
 * A Duplex around the TCP socket that shows every chunk, both directions, to `onChunk` before passing it on.
 * Node's TLS takes a real net.Socket over natively (its 'data' events then show nothing), so tls.connect must be
 * given this stream instead.
 */
export class RecordingDuplex extends Duplex {
  constructor(
    private readonly socket: Socket,
    private readonly onChunk: (dir: Direction, chunk: Buffer) => void,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => {
      this.onChunk('server', chunk);
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => {
      if (!this.destroyed) this.destroy();
    });
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.onChunk('client', chunk);
    this.socket.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
