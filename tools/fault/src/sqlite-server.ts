// A second app process on the same SQLite file, for LF-10 (the checklist's two cluster workers):
//   node --conditions=@sessionkit/source --import tsx sqlite-server.ts <file> <secret>
// Sends its URL over IPC; exits on "stop".
import { createDbEngine } from '@sessionkit/db';
import { startApp } from './app';

const [filename = '', secret = ''] = process.argv.slice(2);

async function main(): Promise<void> {
  const engine = createDbEngine({ filename, secret, busyTimeoutMs: 5000 });
  const app = await startApp(engine);
  process.on('message', (message) => {
    if (message !== 'stop') return;
    void app
      .close()
      .then(() => engine.close())
      .then(() => process.exit(0));
  });
  process.send?.(app.url);
}

void main();
