/**
 * For an object whose prototype was swapped to one made with `Object.create(root)` or below it
 * (Express: `req`, `res` onto `app.request`, `app.response`): the object on its chain whose
 * prototype is `root`. Undefined for a plain instance of `root`'s class, or when `root` is not
 * on the chain.
 */
export function swappedBase(object: object, root: object): object | undefined {
  let current = Object.getPrototypeOf(object) as object | null;
  if (current === root) return undefined;
  while (current !== null) {
    const next = Object.getPrototypeOf(current) as object | null;
    if (next === root) return current;
    current = next;
  }
  return undefined;
}

/**
 * What `prepare` made of `object`'s swapped base, done once per base and remembered in `memo`;
 * undefined for a plain instance, or where the base is a class's own prototype (it has its own
 * `constructor`), is frozen, or `prepare` declined (null).
 */
export function preparedBase<T>(
  object: object,
  root: object,
  memo: WeakMap<object, T | null>,
  prepare: (base: object) => T | null,
): T | undefined {
  const base = swappedBase(object, root);
  if (base === undefined) return undefined;
  let prepared = memo.get(base);
  if (prepared === undefined) {
    prepared = Object.hasOwn(base, 'constructor') || !Object.isExtensible(base) ? null : prepare(base);
    memo.set(base, prepared);
  }
  return prepared ?? undefined;
}
