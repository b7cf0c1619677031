import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const CASES_DIR = join(__dirname, '..', 'src', 'cases');

/** How many arguments each node:assert function takes before its message. */
const MESSAGE_INDEX: Record<string, number> = {
  ok: 1,
  equal: 2,
  notEqual: 2,
  deepEqual: 2,
  notDeepEqual: 2,
  strictEqual: 2,
  notStrictEqual: 2,
  match: 2,
  doesNotMatch: 2,
  throws: 2,
  rejects: 2,
  fail: 0,
};

/** Every `assert.x(...)` call in the case files that passes no message, as `file:line assert.x`. */
function assertionsWithoutMessage(): string[] {
  const found: string[] = [];
  for (const file of readdirSync(CASES_DIR).filter((name) => name.endsWith('.ts'))) {
    const source = ts.createSourceFile(file, readFileSync(join(CASES_DIR, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const { expression: target, name } = node.expression;
        const index = MESSAGE_INDEX[name.text];
        if (
          ts.isIdentifier(target) &&
          target.text === 'assert' &&
          index !== undefined &&
          node.arguments.length <= index
        ) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
          found.push(`${file}:${line + 1} assert.${name.text}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('every assertion in the cases says which rule broke', () => {
  it('passes a message to every assert call', () => {
    expect(assertionsWithoutMessage()).toEqual([]);
  });
});
