import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** Where the engine contract lives, with the TSDoc that states its rules. */
export const CONTRACT_PATH = require.resolve('../../../core/src/engine/types.ts');

/** The interfaces whose TSDoc states rules; for all but SessionEngine only the members' TSDoc counts. */
const RULE_INTERFACES = [
  'SessionEngine',
  'SessionRecord',
  'UpdateOptions',
  'EngineCapabilities',
  'ClearExpiredOptions',
];

export interface ContractSentence {
  /** `SessionEngine`, or `Interface.member`. */
  readonly where: string;
  readonly sentence: string;
}

/** Every sentence of the contract's rule-stating TSDoc, in source order. */
export function contractSentences(path = CONTRACT_PATH): ContractSentence[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const sentences: ContractSentence[] = [];
  const add = (where: string, node: ts.Node) => {
    for (const sentence of splitSentences(docOf(node))) sentences.push({ where, sentence });
  };
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !RULE_INTERFACES.includes(node.name.text)) return;
    const name = node.name.text;
    if (name === 'SessionEngine') add(name, node);
    for (const member of node.members) add(`${name}.${member.name?.getText(source) ?? '?'}`, member);
  });
  return sentences;
}

function docOf(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join(' ');
}

/** Splits at a full stop followed by a capital, a backtick or a quote: the contract's prose has no abbreviations. */
export function splitSentences(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat === '' ? [] : flat.split(/(?<=[.!?])\s+(?=[A-Z`'(])/);
}

export interface MappedRow {
  readonly where: string;
  readonly sentence: string;
  /** Case names, or empty when the row says why no case can check it (`none: …`). */
  readonly cases: readonly string[];
  readonly none?: string;
}

/** The rows of the README's "Contract sentences" table. */
export function readmeRows(readme: string): MappedRow[] {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Contract sentences'));
  if (section === undefined) throw new Error('README has no "## Contract sentences" section');
  const rows: MappedRow[] = [];
  for (const line of section.split('\n')) {
    // Cells are padded to the column width (the formatter aligns the table).
    const match = /^\| `([^`]+)`\s*\| (.+?)\s*\| (.+?)\s*\|$/.exec(line);
    if (match === null) continue;
    const [, where = '', sentence = '', cell = ''] = match;
    const none = /^none: (.+)$/.exec(cell)?.[1];
    const cases = none === undefined ? cell.split('<br>').map((name) => name.trim()) : [];
    rows.push({ where, sentence: sentence.replace(/\\\|/g, '|'), cases, ...(none === undefined ? {} : { none }) });
  }
  return rows;
}
