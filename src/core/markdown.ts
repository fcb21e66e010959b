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

/**
 * Word-wraps styled text to `width` columns. Ink wraps nested <Text> runs itself but keeps the
 * space it broke at, so continuation lines start with a blank; wrapping here avoids that. Words
 * longer than a line are cut. Width is counted in code points (the lessons are ASCII plus a few
 * symbols).
 */
export function wrapInline(parts: readonly Inline[], width: number): Inline[][] {
	const max = Math.max(width, 8);
	// Words are runs between spaces; one word may span styles, e.g. `(` + code `plugin.psk` + `),`.
	const words: Inline[][] = [[]];
	for (const part of parts) {
		part.text.split(/( +)/).forEach((token) => {
			if (token === '') return;
			if (token.startsWith(' ')) {
				if ((words.at(-1) ?? []).length > 0) words.push([]);
				return;
			}
			words.at(-1)?.push({text: token, style: part.style});
		});
	}
	const lines: Inline[][] = [];
	let line: Inline[] = [];
	let used = 0;
	const append = (segment: Inline) => {
		const last = line.at(-1);
		if (last && last.style === segment.style)
			line[line.length - 1] = {text: last.text + segment.text, style: segment.style};
		else line.push(segment);
		used += [...segment.text].length;
	};
	const newLine = () => {
		lines.push(line);
		line = [];
		used = 0;
	};
	for (const word of words.filter((w) => w.length > 0)) {
		const length = word.reduce((n, s) => n + [...s.text].length, 0);
		if (used > 0 && used + 1 + length > max) newLine();
		else if (used > 0) append({text: ' ', style: word[0]?.style ?? 'plain'});
		for (const segment of word) {
			let chars = [...segment.text];
			// Only a word longer than a whole line is cut.
			while (used + chars.length > max) {
				const room = max - used;
				append({text: chars.slice(0, room).join(''), style: segment.style});
				chars = chars.slice(room);
				newLine();
			}
			if (chars.length > 0) append({text: chars.join(''), style: segment.style});
		}
	}
	if (line.length > 0) lines.push(line);
	return lines;
}

/**
 * One `## heading` section of a lesson (heading included), or undefined. Lets a narrow screen show
 * just "Two passwords and one username" while a wide one shows the whole lesson.
 */
export function contentSection(markdown: string, heading: string): string | undefined {
	const lines = markdown.split('\n');
	const start = lines.findIndex((l) => /^##\s/.test(l) && l.replace(/^##\s+/, '').trim() === heading);
	if (start < 0) return undefined;
	const end = lines.findIndex((l, i) => i > start && /^#{1,2}\s/.test(l));
	return lines
		.slice(start, end < 0 ? undefined : end)
		.join('\n')
		.trim();
}
