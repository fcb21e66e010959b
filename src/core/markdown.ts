/**
 * The small Markdown subset our lessons use, parsed into blocks for the terminal: headings, bullet
 * and numbered lists (with wrapped continuation lines), fenced code blocks, paragraphs, and inline
 * `code`, **bold** and *emphasis*. Hand-written: a full CommonMark parser (marked, remark) would be a
 * large dependency for five short files whose format we control.
 */

export type Inline = {readonly text: string; readonly style: 'plain' | 'code' | 'bold' | 'em'};

export type Block =
	| {readonly kind: 'heading'; readonly level: number; readonly text: readonly Inline[]}
	| {readonly kind: 'paragraph'; readonly text: readonly Inline[]}
	| {readonly kind: 'item'; readonly marker: string; readonly text: readonly Inline[]}
	| {readonly kind: 'code'; readonly lines: readonly string[]};

export function parseMarkdown(source: string): Block[] {
	const blocks: Block[] = [];
	const lines = source.replace(/\r\n/g, '\n').split('\n');
	let pending: {kind: 'paragraph' | 'item'; marker: string; text: string} | null = null;
	const flush = () => {
		if (!pending) return;
		const text = parseInline(pending.text.trim());
		blocks.push(
			pending.kind === 'item' ? {kind: 'item', marker: pending.marker, text} : {kind: 'paragraph', text},
		);
		pending = null;
	};
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i] ?? '';
		if (/^```/.test(line)) {
			flush();
			const code: string[] = [];
			for (i++; i < lines.length && !/^```/.test(lines[i] ?? ''); i++) code.push(lines[i] ?? '');
			blocks.push({kind: 'code', lines: code});
			continue;
		}
		const heading = /^(#{1,6})\s+(.*)$/.exec(line);
		if (heading) {
			flush();
			blocks.push({kind: 'heading', level: heading[1]?.length ?? 1, text: parseInline(heading[2] ?? '')});
			continue;
		}
		const item = /^\s*([-*]|\d+\.)\s+(.*)$/.exec(line);
		if (item) {
			flush();
			pending = {
				kind: 'item',
				marker: item[1] === '-' || item[1] === '*' ? '•' : (item[1] ?? ''),
				text: item[2] ?? '',
			};
			continue;
		}
		if (line.trim() === '') {
			flush();
			continue;
		}
		if (pending) pending.text += ` ${line.trim()}`;
		else pending = {kind: 'paragraph', marker: '', text: line.trim()};
	}
	flush();
	return blocks;
}

export function parseInline(text: string): Inline[] {
	const out: Inline[] = [];
	const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*/g;
	let last = 0;
	for (const match of text.matchAll(pattern)) {
		const index = match.index ?? 0;
		if (index > last) out.push({text: text.slice(last, index), style: 'plain'});
		if (match[1] !== undefined) out.push({text: match[1], style: 'code'});
		else if (match[2] !== undefined) out.push({text: match[2], style: 'bold'});
		else out.push({text: match[3] ?? '', style: 'em'});
		last = index + match[0].length;
	}
	if (last < text.length) out.push({text: text.slice(last), style: 'plain'});
	return out;
}
