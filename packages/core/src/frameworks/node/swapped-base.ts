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
