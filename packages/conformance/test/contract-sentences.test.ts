import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_GROUPS } from '../src/suite';
import { contractSentences, readmeRows, splitSentences } from './support/contract-sentences';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
/** Sentences no engine call can show (a title, a design rule): each row must still say why. */
const MAX_UNCHECKABLE = 4;

const key = (where: string, sentence: string) => `${where} | ${sentence}`;

describe('every sentence of the engine contract maps to conformance cases (README table)', () => {
  const sentences = contractSentences();
  const rows = readmeRows(README);
  const caseNames = new Set(ALL_GROUPS.flatMap((group) => group.cases.map((testCase) => testCase.name)));

  it('finds the contract and its sentences', () => {
    expect(sentences.length).toBeGreaterThan(50);
    expect(sentences.some(({ where }) => where === 'SessionEngine.update')).toBe(true);
  });

  it('has a row for every sentence', () => {
    const mapped = new Set(rows.map((row) => key(row.where, row.sentence)));
    const missing = sentences.filter(({ where, sentence }) => !mapped.has(key(where, sentence)));
    expect(missing).toEqual([]);
  });

  it('has no row for a sentence the contract no longer says', () => {
    const said = new Set(sentences.map(({ where, sentence }) => key(where, sentence)));
    const stale = rows
      .filter((row) => !said.has(key(row.where, row.sentence)))
      .map((row) => key(row.where, row.sentence));
    expect(stale).toEqual([]);
  });

  it('names only cases that exist', () => {
    const unknown = rows.flatMap((row) => row.cases.filter((name) => !caseNames.has(name)));
    expect(unknown).toEqual([]);
  });

  it('maps every sentence to at least one case, but for a few that say why not', () => {
    expect(rows.filter((row) => row.cases.length === 0 && row.none === undefined)).toEqual([]);
    expect(rows.filter((row) => row.none !== undefined).length).toBeLessThanOrEqual(MAX_UNCHECKABLE);
  });

  it('splits sentences at full stops only', () => {
    expect(splitSentences('A b. `c` d; e. F (g). H')).toEqual(['A b.', '`c` d; e.', 'F (g).', 'H']);
  });
});
