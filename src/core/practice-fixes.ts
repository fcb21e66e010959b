/**
 * The practice range's own fix lines (content/practice/fixes.md): a diagnosis made on the range
 * keeps its evidence, but a fix naming a real host's tools (systemctl, firewall-cmd,
 * /etc/activemq, yum/dnf, a real daemon's /proc) is shown as what the learner really does there.
 */
import type {Diagnosis} from './types.js';

/** Fix lines only a real host can run: dropped on the range where fixes.md has a section. */
const REAL_HOST_ONLY =
	/\/proc\/|systemctl|firewall-cmd|lokkit|\/etc\/activemq|\b(dnf|yum|chkconfig)\b|\bservice \S+ (start|restart)|<authorizationEntry|on the ActiveMQ host|on every host|on each silent node|\/etc\/hosts|add a DNS record/;

/** The code-block lines of `## <id>` in fixes.md, or undefined when there is no such section. */
export function rangeFixLines(markdown: string, id: string): string[] | undefined {
	const lines = markdown.split('\n');
	const start = lines.findIndex((l) => l.trim() === `## ${id}`);
	if (start < 0) return undefined;
	const out: string[] = [];
	let inBlock = false;
	for (const line of lines.slice(start + 1)) {
		if (line.startsWith('```')) {
			if (inBlock) break;
			inBlock = true;
		} else if (inBlock) out.push(line);
		else if (line.startsWith('## ')) break;
	}
	return out;
}

/** `diagnosis` as the practice range shows it: its real-host fix lines replaced by the range's. */
export function onRange(
	diagnosis: Diagnosis,
	markdown: string,
	values: Readonly<Record<string, string>>,
): Diagnosis {
	const lines = diagnosis.id ? rangeFixLines(markdown, diagnosis.id) : undefined;
	if (!lines) return diagnosis;
	const fill = (line: string) => line.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
	const range = lines.map(fill);
	// a line both have (the range's restart script) is shown once, where the range's lines put it
	const kept = diagnosis.fix.filter((line) => !REAL_HOST_ONLY.test(line) && !range.includes(line));
	return {...diagnosis, fix: [...kept, ...range]};
}
