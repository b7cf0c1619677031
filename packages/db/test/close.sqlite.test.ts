import { EngineUnavailableError, plainJsonCodec } from '@sessionkit/core';
import { createDbEngine } from '@sessionkit/db';

// Settled contract: close() is idempotent, and afterwards every call rejects with
// EngineUnavailableError, before any check of its arguments (a bad key included).
describe('db engine after close()', () => {
  it('rejects every call, whatever the key, and closes twice', async () => {
    const engine = createDbEngine({ filename: ':memory:', codec: plainJsonCodec });
    await engine.migrate();
    await engine.close();
    await engine.close();
    const record = { data: {}, expiresAt: new Date(Date.now() + 60_000) };
    for (const key of ['validkey00000000', 'NOT A KEY']) {
      await expect(engine.load(key)).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(engine.exists(key)).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(engine.delete(key)).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(engine.create(key, record)).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(engine.update(key, record)).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(engine.touch(key, record.expiresAt)).rejects.toBeInstanceOf(EngineUnavailableError);
    }
    await expect(engine.clearExpired({ batchSize: 0 })).rejects.toBeInstanceOf(EngineUnavailableError);
    await expect(engine.migrate()).rejects.toBeInstanceOf(EngineUnavailableError);
  });
});
