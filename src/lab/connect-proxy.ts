import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';

/**
 * The lab's HTTP CONNECT proxy on 127.0.0.1: it stands in for DNS and the network at once, tunnelling a request for
 * a lab name (host:443) to that name's loopback port and refusing every other authority with 502, so nothing leaves
 * this machine. It records the authorities it was asked for (what went through a proxy and what did not).
 */
export interface LabConnectProxy {
  url: string;
  /** Every CONNECT authority asked for, in order. */
  asked: string[];
  close(): Promise<void>;
}

const MAX_HEAD = 8192;

export async function startLabConnectProxy(addressOf: (authority: string) => number | null): Promise<LabConnectProxy> {
  const asked: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    let head = '';
    const onData = (d: Buffer): void => {
      head += d.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > MAX_HEAD) client.destroy();
        return;
      }
      client.off('data', onData);
      const authority = /^CONNECT (\S+) HTTP\/1\.[01]\r\n/.exec(head)?.[1] ?? '';
      asked.push(authority);
      const port = authority ? addressOf(authority.toLowerCase()) : null;
      if (port === null) {
        client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      const upstream = netConnect({ host: '127.0.0.1', port }, () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        const rest = head.slice(end + 4);
        if (rest) upstream.write(Buffer.from(rest, 'latin1'));
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => sockets.delete(upstream));
      client.on('close', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
