/**
 * One write at a time per session file, within this process. The file system has no
 * "replace only if it still exists" primitive, so update, delete and create take turns:
 * a late update can then never land after a delete that has resolved (no resurrection),
 * and two creates can never both replace the same expired file. Across processes only
 * the O_EXCL claim on a fresh file is atomic, as in Django's file backend.
 */
export class PathLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(path: string, body: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(path) ?? Promise.resolve();
    const current = previous.then(body, body);
    const tail = current.catch(() => undefined);
    this.#tails.set(path, tail);
    try {
      return await current;
    } finally {
      // The last one out leaves no entry behind.
      if (this.#tails.get(path) === tail) this.#tails.delete(path);
    }
  }
}
