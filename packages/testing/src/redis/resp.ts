import { connect } from 'node:net';

/** One reply of the Redis serialization protocol (RESP2). Errors are `{ error }`. */
export type RespReply = string | number | null | { error: string } | RespReply[];

function encode(command: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${command.length}\r\n`)];
  for (const arg of command) {
    const b = Buffer.from(arg, 'utf8');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `offset`; returns it and the next offset, or undefined when incomplete. */
function parse(buf: Buffer, offset: number): [RespReply, number] | undefined {
  const eol = buf.indexOf('\r\n', offset);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[offset]!);
  const line = buf.toString('utf8', offset + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+':
      return [line, next];
    case '-':
      return [{ error: line }, next];
    case ':':
      return [Number(line), next];
    case '$': {
      const len = Number(line);
      if (len < 0) return [null, next];
      if (buf.length < next + len + 2) return undefined;
      return [buf.toString('utf8', next, next + len), next + len + 2];
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return [null, next];
      const items: RespReply[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, at);
        if (!item) return undefined;
        items.push(item[0]);
        at = item[1];
      }
      return [items, at];
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(type)}`);
  }
}

/**
 * Sends commands to a Redis server over one connection (pipelined) and resolves with their
 * replies in order. A tiny client for seeding and probing the simulation's local redis-server
 * processes, so `@drkit/testing` needs no Redis client at run time.
 *
 * @example
 * ```ts
 * const [pong] = await redisCommands('127.0.0.1', 6379, [['PING']]); // 'PONG'
 * ```
 */
export function redisCommands(
  host: string,
  port: number,
  commands: ReadonlyArray<readonly string[]>,
  timeoutMs = 5_000,
): Promise<RespReply[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let buf = Buffer.alloc(0);
    let offset = 0;
    const replies: RespReply[] = [];
    const fail = (e: Error) => {
      socket.destroy();
      reject(e);
    };
    // real-time: a socket timeout on a real redis-server process; virtual time cannot bound real I/O.
    socket.setTimeout(timeoutMs, () => fail(new Error(`redis ${host}:${port} did not answer within ${timeoutMs} ms`)));
    socket.on('error', fail);
    socket.on('connect', () => socket.write(Buffer.concat(commands.map(encode))));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        for (;;) {
          const item = parse(buf, offset);
          if (!item) break;
          replies.push(item[0]);
          offset = item[1];
        }
      } catch (e) {
        fail(e as Error);
        return;
      }
      if (replies.length >= commands.length) {
        socket.end();
        resolve(replies);
      }
    });
    if (commands.length === 0) {
      socket.end();
      resolve([]);
    }
  });
}
