import type { Socket } from 'node:net';

/** Everything the server writes on a raw socket until it closes it (or `ms` pass). */
export function readUntilClosed(socket: Socket, ms: number): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve) => {
    let data = '';
    const timer = setTimeout(() => resolve({ data, closed: false }), ms);
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ data, closed: true });
    });
  });
}
