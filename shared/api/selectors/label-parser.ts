/**
 * The label selector grammar of apimachinery's `labels.Parse`:
 *
 *   selector    ::= requirement | requirement "," selector
 *   requirement ::= [!] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 *
 * Tokenising and error texts follow upstream so `kubectl get -l` failures read the same.
 */
import { SelectorError } from './errors';
import { invalidKeyMessage, LabelRequirement, newRequirement, SelectionOperator } from './label-requirement';

type Token =
  | 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';

interface Item {
  readonly tok: Token;
  readonly lit: string;
}

const LITERAL_TOKENS: Readonly<Record<string, Token>> = {
  ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(',
};

/** Upstream lists these in its "expected: ..." message for a missing operator. */
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);

function scanSpecial(s: string, start: number): [Item, number] {
  let pos = start;
  let last: Item | undefined;
  while (pos < s.length && isSpecial(s[pos])) {
    const candidate = s.slice(start, pos + 1);
    const tok = LITERAL_TOKENS[candidate];
    if (tok) last = { tok, lit: candidate };
    else if (last) break;
    pos++;
  }
  if (!last) return [{ tok: 'error', lit: `error expected: keyword found '${s.slice(start, pos)}'` }, pos];
  return [last, start + last.lit.length];
}

function scanWord(s: string, start: number): [Item, number] {
  let pos = start;
  while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) pos++;
  const lit = s.slice(start, pos);
  return [{ tok: LITERAL_TOKENS[lit] ?? 'identifier', lit }, pos];
}

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    const [item, next] = isSpecial(s[pos]) ? scanSpecial(s, pos) : scanWord(s, pos);
    items.push(item);
    pos = next;
  }
}

/** In value position `in`/`notin` are plain words, so `x in (in)` parses. */
class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  peek(valueContext = true): Item {
    return this.asContext(this.items[this.position], valueContext);
  }

  next(valueContext = true): Item {
    return this.asContext(this.items[this.position++], valueContext);
  }

  private asContext(item: Item, valueContext: boolean): Item {
    return valueContext && (item.tok === 'in' || item.tok === 'notin') ? { tok: 'identifier', lit: item.lit } : item;
  }
}

const OPERATORS: Partial<Record<Token, SelectionOperator>> = {
  in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt',
};

function parseKey(p: Parser): { key: string; unary?: SelectionOperator } {
  let item = p.next();
  const negated = item.tok === '!';
  if (negated) item = p.next();
  if (item.tok !== 'identifier') throw new Error(`found '${item.lit}', expected: identifier`);
  const keyError = invalidKeyMessage(item.lit);
  if (keyError) throw new Error(keyError);
  const ahead = p.peek().tok;
  if (negated) return { key: item.lit, unary: '!' };
  return { key: item.lit, unary: ahead === 'eos' || ahead === ',' ? 'exists' : undefined };
}

function parseIdentifiers(p: Parser): Set<string> {
  const values = new Set<string>();
  for (;;) {
    const item = p.next();
    if (item.tok === 'identifier') {
      values.add(item.lit);
      const ahead = p.peek();
      if (ahead.tok === ',') continue;
      if (ahead.tok === ')') return values;
      throw new Error(`found '${ahead.lit}', expected: ',' or ')'`);
    }
    if (item.tok !== ',') throw new Error(`found '${item.lit}', expected: ',', or identifier`);
    // Empty entries such as "(,a)" or "(a,)" stand for the empty value.
    if (values.size === 0) values.add('');
    const ahead = p.peek().tok;
    if (ahead === ')') {
      values.add('');
      return values;
    }
    if (ahead === ',') values.add('');
  }
}

function parseSetValues(p: Parser): Set<string> {
  const open = p.next();
  if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
  const ahead = p.peek();
  if (ahead.tok === ')') {
    p.next();
    return new Set(['']);
  }
  if (ahead.tok !== 'identifier' && ahead.tok !== ',') {
    throw new Error(`found '${ahead.lit}', expected: ',', ')' or identifier`);
  }
  const values = parseIdentifiers(p);
  // Upstream reports the token that opened the list here, not the offending one; kept for parity.
  if (p.next().tok !== ')') throw new Error(`found '${ahead.lit}', expected: ')'`);
  return values;
}

function parseExactValue(p: Parser): Set<string> {
  const ahead = p.peek().tok;
  if (ahead === 'eos' || ahead === ',') return new Set(['']);
  const item = p.next();
  if (item.tok === 'identifier') return new Set([item.lit]);
  throw new Error(`found '${item.lit}', expected: identifier`);
}

function parseRequirement(p: Parser): LabelRequirement {
  const { key, unary } = parseKey(p);
  if (unary) return newRequirement(key, unary, []);
  const opItem = p.next(false);
  const operator = OPERATORS[opItem.tok];
  if (!operator) throw new Error(`found '${opItem.lit}', expected: ${BINARY_OPERATORS}`);
  const values = operator === 'in' || operator === 'notin' ? parseSetValues(p) : parseExactValue(p);
  return newRequirement(key, operator, [...values].sort());
}

function parseAll(p: Parser): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  for (;;) {
    const item = p.peek();
    if (item.tok === 'eos') return requirements;
    if (item.tok !== 'identifier' && item.tok !== '!') {
      throw new SelectorError(`found '${item.lit}', expected: !, identifier, or 'end of string'`);
    }
    try {
      requirements.push(parseRequirement(p));
    } catch (err) {
      throw new SelectorError(`unable to parse requirement: ${(err as Error).message}`);
    }
    const sep = p.next();
    if (sep.tok === 'eos') return requirements;
    if (sep.tok !== ',') throw new SelectorError(`found '${sep.lit}', expected: ',' or 'end of string'`);
    const ahead = p.peek();
    if (ahead.tok !== 'identifier' && ahead.tok !== '!') {
      throw new SelectorError(`found '${ahead.lit}', expected: identifier after ','`);
    }
  }
}

/** Parses a selector string into requirements sorted by key (upstream sorts for determinism). */
export function parseLabelRequirements(selector: string): LabelRequirement[] {
  const requirements = parseAll(new Parser(lex(selector)));
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
