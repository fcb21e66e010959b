/**
 * The parts of a content/debug/F<n>.md lesson the debugging view and `check` show: the title (its
 * `# heading`, the one place a catalogue title is written), the cause sentence, the tell-apart
 * bullets and the lesson paragraph. Pure: callers read the file (through readContent) and pass
 * the text in.
 */
import {contentSection} from './markdown.js';

export type DebugLesson = {
	readonly title: string;
	readonly cause: string;
	readonly tellApart: readonly string[];
	readonly lesson: string;
};

const stripMarkdown = (text: string) => text.replace(/`([^`]*)`/g, '$1').replace(/\*([^*]+)\*/g, '$1');

/** Parses a debug lesson; an empty or headless text keeps `fallbackTitle` (the catalogue id). */
export function parseDebugLesson(markdown: string, fallbackTitle: string): DebugLesson {
	const title = /^# (.+)$/m.exec(markdown)?.[1] ?? fallbackTitle;
	const cause = markdown.split('\n\n')[1]?.trim() ?? '';
	const body = (heading: string) =>
		(contentSection(markdown, heading) ?? '').split('\n').slice(1).join('\n').trim();
	const tellApart = body('Tell it apart')
		.split('\n')
		.filter((l) => l.startsWith('- '))
		.map((l) => stripMarkdown(l.slice(2)));
	return {
		title,
		cause: stripMarkdown(cause),
		tellApart,
		lesson: stripMarkdown(body('Lesson').replace(/\n/g, ' ')),
	};
}

/** The lesson of catalogue entry `id` read through `readContent`; a missing file degrades to the id. */
export function debugLessonFor(id: string, readContent: (contentId: string) => string): DebugLesson {
	let markdown = '';
	try {
		markdown = readContent(`debug/${id}`);
	} catch {
		markdown = '';
	}
	return parseDebugLesson(markdown, id);
}

/**
 * The `## Still possible` bullets of an undecided lesson (`- F9: why`): why each entry remains
 * when nothing this host saw rules it out, by catalogue id.
 */
export function stillPossibleWhys(markdown: string): Readonly<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const line of (contentSection(markdown, 'Still possible') ?? '').split('\n')) {
		const item = /^- (F\d+): (.+)$/.exec(line.trim());
		if (item?.[1] && item[2]) out[item[1]] = stripMarkdown(item[2]);
	}
	return out;
}
