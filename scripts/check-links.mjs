#!/usr/bin/env node
// Checks every relative link and anchor in Markdown files, with no network: the target file
// exists inside the root, and a `#fragment` names a heading of the target. Web links are left
// alone. Usage: node scripts/check-links.mjs [root ...] (default: the repository's tracked
// files). Each root is a boundary: a link leaving it (into ../shared, say) is broken.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const repo = resolve(dirname(new URL(import.meta.url).pathname), '..');

function markdownFiles(root) {
  if (root === repo) {
    return execFileSync('git', ['ls-files', '*.md'], { cwd: repo, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((file) => join(repo, file))
      .filter((file) => existsSync(file));
  }
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) out.push(path);
    }
  };
  walk(root);
  return out;
}

/** GitHub's heading slugs: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchorsOf(file) {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const seen = new Map();
  const anchors = new Set();
  for (const [, heading] of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function linksOf(file) {
  // Code (fenced and inline) is not prose: `[a](b)` there is not a link.
  const text = readFileSync(file, 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  const links = [];
  for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push(match[1]);
  for (const match of text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) links.push(match[1]);
  return links;
}

export function checkLinks(root) {
  const broken = [];
  const files = markdownFiles(root);
  for (const file of files) {
    for (const link of linksOf(file)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:
      const [path, fragment] = link.split('#', 2);
      const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      const where = `${relative(root, file)}: ${link}`;
      if (target !== root && !target.startsWith(root + sep)) broken.push(`${where} (leaves ${root})`);
      else if (!existsSync(target)) broken.push(`${where} (no such file)`);
      else if (fragment !== undefined && fragment !== '') {
        if (statSync(target).isDirectory() || !target.endsWith('.md')) continue;
        if (!anchorsOf(target).has(fragment.toLowerCase())) broken.push(`${where} (no heading #${fragment})`);
      }
    }
  }
  return { files: files.length, broken };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const roots = process.argv.length > 2 ? process.argv.slice(2).map((root) => resolve(root)) : [repo];
  let failed = false;
  for (const root of roots) {
    const { files, broken } = checkLinks(root);
    for (const line of broken) process.stderr.write(`broken link: ${line}\n`);
    process.stdout.write(
      `links: ${files} Markdown files under ${relative(process.cwd(), root) || '.'}, ${broken.length} broken\n`,
    );
    if (broken.length > 0 || files === 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}
