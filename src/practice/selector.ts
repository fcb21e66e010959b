/**
 * JMS message selectors, the subset MCollective's connectors use and a little more:
 * mcollectived subscribes to `/queue/<c>.nodes` with `selector:mc_identity = '<identity>'`
 * (activemq.rb make_target :directed); a host of simulated nodes may use
 * `mc_identity IN ('a','b')` to share one subscription. Grammar:
 *   expr   := or
 *   or     := and ('OR' and)*
 *   and    := not ('AND' not)*
 *   not    := 'NOT' not | atom
 *   atom   := '(' expr ')' | ident ('=' | '<>') literal | ident 'IN' '(' literal (',' literal)* ')'
 *           | ident 'IS' ['NOT'] 'NULL'
 * Anything else is refused at SUBSCRIBE, as ActiveMQ refuses a selector it cannot parse.
 */

export type Selector =
	| {readonly kind: 'eq'; readonly header: string; readonly value: string; readonly negate: boolean}
	| {readonly kind: 'in'; readonly header: string; readonly values: ReadonlySet<string>}
	| {readonly kind: 'null'; readonly header: string; readonly negate: boolean}
	| {readonly kind: 'not'; readonly inner: Selector}
	| {readonly kind: 'and' | 'or'; readonly left: Selector; readonly right: Selector};

export class SelectorError extends Error {}

type Token = {readonly type: 'ident' | 'string' | 'op' | 'word'; readonly text: string};

const MAX_SELECTOR = 64 * 1024;

function tokenize(text: string): Token[] {
	if (text.length > MAX_SELECTOR) throw new SelectorError('selector too long');
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i] as string;
		if (/\s/.test(c)) {
			i++;
		} else if (c === "'") {
			let value = '';
			i++;
			for (;;) {
				if (i >= text.length) throw new SelectorError('unterminated string literal');
				if (text[i] === "'") {
					if (text[i + 1] === "'") {
						value += "'";
						i += 2;
						continue;
					}
					i++;
					break;
				}
				value += text[i];
				i++;
			}
			tokens.push({type: 'string', text: value});
		} else if (c === '<' && text[i + 1] === '>') {
			tokens.push({type: 'op', text: '<>'});
			i += 2;
		} else if ('=(),'.includes(c)) {
			tokens.push({type: 'op', text: c});
			i++;
		} else {
			const m = /^[A-Za-z_$][\w$.-]*/.exec(text.slice(i));
			if (!m) throw new SelectorError(`unexpected character ${JSON.stringify(c)}`);
			const word = m[0];
			const upper = word.toUpperCase();
			tokens.push(
				['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL'].includes(upper)
					? {type: 'word', text: upper}
					: {type: 'ident', text: word},
			);
			i += word.length;
		}
	}
	return tokens;
}

export function parseSelector(text: string): Selector {
	const tokens = tokenize(text);
	let at = 0;
	const peek = () => tokens[at];
	const take = (type: Token['type'], value?: string): Token => {
		const token = tokens[at];
		if (!token || token.type !== type || (value !== undefined && token.text !== value)) {
			throw new SelectorError(`expected ${value ?? type} at token ${at + 1}`);
		}
		at++;
		return token;
	};
	const isWord = (word: string) => peek()?.type === 'word' && peek()?.text === word;
	const atom = (): Selector => {
		if (peek()?.type === 'op' && peek()?.text === '(') {
			at++;
			const inner = or();
			take('op', ')');
			return inner;
		}
		const header = take('ident').text;
		if (isWord('IS')) {
			at++;
			const negate = isWord('NOT');
			if (negate) at++;
			take('word', 'NULL');
			return {kind: 'null', header, negate};
		}
		if (isWord('IN')) {
			at++;
			take('op', '(');
			const values = new Set<string>([take('string').text]);
			while (peek()?.type === 'op' && peek()?.text === ',') {
				at++;
				values.add(take('string').text);
			}
			take('op', ')');
			return {kind: 'in', header, values};
		}
		const op = take('op').text;
		if (op !== '=' && op !== '<>') throw new SelectorError(`unsupported operator ${op}`);
		return {kind: 'eq', header, value: take('string').text, negate: op === '<>'};
	};
	const not = (): Selector => {
		if (isWord('NOT')) {
			at++;
			return {kind: 'not', inner: not()};
		}
		return atom();
	};
	const and = (): Selector => {
		let left = not();
		while (isWord('AND')) {
			at++;
			left = {kind: 'and', left, right: not()};
		}
		return left;
	};
	const or = (): Selector => {
		let left = and();
		while (isWord('OR')) {
			at++;
			left = {kind: 'or', left, right: and()};
		}
		return left;
	};
	if (tokens.length === 0) throw new SelectorError('empty selector');
	const result = or();
	if (at !== tokens.length) throw new SelectorError(`unexpected ${tokens[at]?.text} at token ${at + 1}`);
	return result;
}

/**
 * JMS three-valued logic, collapsed: a comparison with a missing header is UNKNOWN, and only TRUE
 * selects (so `mc_identity <> 'x'` does not select a message without mc_identity).
 */
export function selects(selector: Selector, headers: Readonly<Record<string, string>>): boolean {
	return evaluate(selector, headers) === true;
}

function evaluate(s: Selector, headers: Readonly<Record<string, string>>): boolean | undefined {
	switch (s.kind) {
		case 'eq': {
			const value = headers[s.header];
			if (value === undefined) return undefined;
			return (value === s.value) !== s.negate;
		}
		case 'in': {
			const value = headers[s.header];
			return value === undefined ? undefined : s.values.has(value);
		}
		case 'null':
			return (headers[s.header] === undefined) !== s.negate;
		case 'not': {
			const inner = evaluate(s.inner, headers);
			return inner === undefined ? undefined : !inner;
		}
		case 'and': {
			const l = evaluate(s.left, headers);
			const r = evaluate(s.right, headers);
			if (l === false || r === false) return false;
			return l === true && r === true ? true : undefined;
		}
		case 'or': {
			const l = evaluate(s.left, headers);
			const r = evaluate(s.right, headers);
			if (l === true || r === true) return true;
			return l === false && r === false ? false : undefined;
		}
	}
}
