import { MemoryEngine, Session, SessionManager } from '@sessionkit/core';

// A type-level test: `npm run typecheck` compiles this file, so each @ts-expect-error must stay an error.
interface Cart {
  userId?: number;
  items: { sku: string; qty: number }[];
}

describe('typed session data', () => {
  it('types get/set by key', async () => {
    const session = new Session<Cart>(new MemoryEngine(), null);
    await session.set('items', [{ sku: 'a', qty: 1 }]);
    const items: { sku: string; qty: number }[] | undefined = await session.get('items');
    const userId: number | 'none' = await session.get('userId', 'none');
    // @ts-expect-error unknown key
    await session.get('nope').catch(() => undefined);
    // @ts-expect-error wrong value type
    await session.set('userId', 'seven').catch(() => undefined);
    // @ts-expect-error Date is not JSON
    const invalid: Session<{ when: Date }> | null = null;
    expect(invalid).toBeNull();
    expect(items).toEqual([{ sku: 'a', qty: 1 }]);
    expect(userId).toBe('none');
  });

  it('flows from the manager', async () => {
    const manager = new SessionManager<Cart>({ engine: new MemoryEngine() });
    const session = manager.open(undefined);
    await session.set('userId', 7);
    const id: number | undefined = await session.get('userId');
    expect(id).toBe(7);
  });
});
