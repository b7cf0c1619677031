/**
 * An earlier commit of this repository checked out beside the current one, so that a tool can
 * build the same measuring script against both and compare them in one run. The checkout gets a
 * node_modules of links: third-party packages are the current ones (the same bytes on both
 * sides), and `@sessionkit/*` point at the checkout's own packages, so only our code differs.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface BeforeTree {
  /** The checkout's root. */
  readonly root: string;
  /** The full commit id checked out. */
  readonly commit: string;
  /** Where a file of the current repository lands in the checkout (overwriting its own). */
  place(repoRelativePath: string): string;
  remove(): void;
}

const REPO = resolve(__dirname, '../../..');

function git(args: string[]): string {
  return execFileSync('git', ['-C', REPO, ...args], { encoding: 'utf8' }).trim();
}

/** Links every entry of the current `from` into `to`, except the scope `@sessionkit` (re-linked into the checkout). */
function linkModules(from: string, to: string, checkout: string): void {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (name === '@sessionkit') {
      mkdirSync(join(to, name), { recursive: true });
      for (const pkg of readdirSync(join(from, name))) {
        // Workspace links are relative (../../packages/core): the same link inside the checkout names its copy.
        const target = readlinkSync(join(from, name, pkg));
        const mine = resolve(join(to, name), target);
        if (mine.startsWith(checkout) && existsSync(mine)) symlinkSync(target, join(to, name, pkg));
      }
    } else if (!existsSync(join(to, name))) {
      symlinkSync(join(from, name), join(to, name));
    }
  }
}

export function checkOutBefore(ref: string, dir: string): BeforeTree {
  const commit = git(['rev-parse', '--verify', `${ref}^{commit}`]);
  const root = join(dir, 'before');
  git(['worktree', 'add', '--detach', '--force', root, commit]);
  linkModules(join(REPO, 'node_modules'), join(root, 'node_modules'), root);
  for (const folder of ['packages', 'examples', 'tools']) {
    if (!existsSync(join(REPO, folder))) continue;
    for (const pkg of readdirSync(join(REPO, folder))) {
      const own = join(folder, pkg, 'node_modules');
      if (existsSync(join(root, folder, pkg))) linkModules(join(REPO, own), join(root, own), root);
    }
  }
  linkModules(join(REPO, 'bench/node_modules'), join(root, 'bench/node_modules'), root);
  return {
    root,
    commit,
    place(path) {
      const target = join(root, path);
      mkdirSync(resolve(target, '..'), { recursive: true });
      cpSync(join(REPO, path), target);
      return target;
    },
    remove() {
      try {
        git(['worktree', 'remove', '--force', root]);
      } catch {
        rmSync(root, { recursive: true, force: true });
        git(['worktree', 'prune']);
      }
    },
  };
}
