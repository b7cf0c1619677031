import { Socket } from 'node:net';

/**
 * One raw text-protocol exchange with memcached, for inspecting what the engine stored:
 * sends `command` and collects the reply until a line `until` matches.
 */
export function memcachedRaw(
  port: number,
  command: string,
  until: RegExp = /^(END|STORED|NOT_STORED|EXISTS|NOT_FOUND|DELETED|HD|EN|NF|NS|ERROR|CLIENT_ERROR|SERVER_ERROR)( [^\r\n]*)?\r\n/m,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`memcached did not answer ${command.split('\r\n')[0]}`));
    }, 5000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (until.test(reply)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(reply);
      }
    });
    socket.connect(port, '127.0.0.1', () => socket.write(command));
  });
}

/** Every key on the server with its absolute expiry (Unix seconds, -1 for none), by lru_crawler metadump. */
export async function metadump(port: number): Promise<Map<string, number>> {
  let reply = '';
  // One crawl at a time: a second request while one runs gets BUSY.
  for (let attempt = 0; attempt < 50; attempt++) {
    reply = await memcachedRaw(port, 'lru_crawler metadump all\r\n', /^(END|BUSY.*)\r\n/m);
    if (!reply.startsWith('BUSY')) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const items = new Map<string, number>();
  for (const line of reply.split('\r\n')) {
    const key = /key=(\S+)/.exec(line)?.[1];
    const exp = /exp=(-?\d+)/.exec(line)?.[1];
    if (key !== undefined && exp !== undefined) items.set(decodeURIComponent(key), Number(exp));
  }
  return items;
}

/** The stored value of a key, or null (plain `get`). */
export async function rawGet(port: number, key: string): Promise<string | null> {
  const reply = await memcachedRaw(port, `get ${key}\r\n`, /^END\r\n/m);
  const match = /^VALUE \S+ \d+ (\d+)\r\n/.exec(reply);
  if (match === null) return null;
  const start = match[0].length;
  return Buffer.from(reply.slice(start), 'utf8').subarray(0, Number(match[1])).toString('utf8');
}

/** Remaining TTL in seconds by the meta get command (`mg <key> t`): -1 none, null when missing. */
export async function rawTtl(port: number, key: string): Promise<number | null> {
  const reply = await memcachedRaw(port, `mg ${key} t\r\n`);
  if (reply.startsWith('EN')) return null;
  const ttl = /\bt(-?\d+)/.exec(reply)?.[1];
  return ttl === undefined ? null : Number(ttl);
}

/** Overwrites a key keeping its TTL roughly (whole seconds). */
export async function rawSet(port: number, key: string, value: string, exptime: number): Promise<void> {
  const bytes = Buffer.byteLength(value);
  const reply = await memcachedRaw(port, `set ${key} 0 ${exptime} ${bytes}\r\n${value}\r\n`);
  if (!reply.startsWith('STORED')) throw new Error(`set failed: ${reply}`);
}

/** Every key on the server by `stats cachedump` over each slab class (it skips the current second's writes). */
export async function cachedumpKeys(port: number): Promise<string[]> {
  const items = await memcachedRaw(port, 'stats items\r\n', /^END\r\n/m);
  const classes = new Set([...items.matchAll(/STAT items:(\d+):number /g)].map((match) => match[1]));
  const keys: string[] = [];
  for (const slab of classes) {
    const dump = await memcachedRaw(port, `stats cachedump ${slab} 0\r\n`, /^END\r\n/m);
    for (const match of dump.matchAll(/ITEM (\S+) /g)) keys.push(match[1] as string);
  }
  return keys;
}

/** One counter of the server's `stats` (e.g. cmd_set: storage commands received). */
export async function rawStat(port: number, name: string): Promise<number> {
  const reply = await memcachedRaw(port, 'stats\r\n', /^END\r\n/m);
  const value = new RegExp(`^STAT ${name} (\\d+)\r$`, 'm').exec(reply)?.[1];
  if (value === undefined) throw new Error(`no stat ${name}`);
  return Number(value);
}
