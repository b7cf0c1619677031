/**
 * Type tests for the session's typing on each framework. Each fixture is compiled as its own
 * program, because `SessionKit.Data` is a global augmentation: compiled with the other tests it
 * would type their sessions too. Every `@ts-expect-error` in a fixture must still be an error
 * (else TypeScript reports the unused directive), so "no diagnostics" checks both directions.
 */
import { join, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(__dirname, '../../../..');
const options: ts.CompilerOptions = {
  ...ts.parseJsonConfigFileContent(
    ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile).config,
    ts.sys,
    root,
  ).options,
  noEmit: true,
  composite: false,
  declaration: false,
  incremental: false,
  types: ['node'],
};

function diagnostics(fixture: string): string[] {
  const program = ts.createProgram([join(__dirname, 'fixtures', fixture)], options);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('session typing per framework (compiled, one program per fixture)', () => {
  it.each([
    ['express-augmented.ts', 'SessionKit.Data types req.session; /express declares csrfToken and messages'],
    ['express-untyped.ts', 'without SessionKit.Data, req.session holds JSON values'],
    ['koa-only.ts', 'ctx.session typed by SessionContext; /koa, /csrf, /messages leave Express alone'],
    ['fastify-augmented.ts', "request.session through the app's declaration and SessionKit.Data"],
    ['hono-typed.ts', 'c.get("session") typed through Variables'],
  ])('%s: %s', (fixture) => {
    expect(diagnostics(fixture)).toEqual([]);
  });
});
