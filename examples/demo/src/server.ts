/** `npm run demo`: the demo on http://localhost:3000 (PORT overrides), no setup needed. */
import { startDemo } from './demo';

async function main(): Promise<void> {
  const say = (line: string): void => console.log(line);
  const demo = await startDemo({ say });
  say(`sessionkit demo on ${demo.url}  (engine: ${demo.engineLabel})`);
  say(
    'SESSION_ENGINE=db|signed_cookie|cache|cached_db switches the engine; PG_URL or MYSQL_URL moves the db engine off SQLite; REDIS_URL or MEMCACHED_SERVERS is the cache.',
  );
  const stop = (): void => {
    // A close that hangs (a stuck store) must not keep the demo serving: out within 2 s regardless.
    setTimeout(() => process.exit(1), 2000).unref();
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
