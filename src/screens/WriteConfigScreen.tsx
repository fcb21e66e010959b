import {Spinner} from '@inkjs/ui';
import {Box, Text, useInput} from 'ink';
import {useEffect, useState} from 'react';
import {DiffView, diffLines} from '../components/DiffView.js';
import {wordsFor} from '../core/content-words.js';
import {diffStat} from '../core/diff.js';
import {secretPlaceholder} from '../core/secrets.js';
import {useLatest} from '../hooks/use-latest.js';
import {theme} from '../theme.js';

/** Which file: client.cfg, server.cfg, or activemq.xml on the message broker host. */
export type FileRole = 'client' | 'server' | 'activemq';

/** One config file the wizard is about to write, with the (redacted) diff against the disk. */
export type PlannedFile = {
	readonly role: FileRole;
	readonly path: string;
	readonly exists: boolean;
	readonly changed: boolean;
	readonly diff: string;
};

export type WrittenFile = {
	readonly role: FileRole;
	readonly path: string;
	readonly backupPath?: string;
	readonly dryRun: boolean;
};

export type Props<P extends PlannedFile = PlannedFile> = {
	readonly plan: () => Promise<readonly P[]>;
	/** Receives the very objects `plan` returned (the real write plans), only the changed ones. */
	readonly apply: (files: readonly P[]) => Promise<readonly WrittenFile[]>;
	/** Secret values: a last guard so none reaches the screen even if a diff was not redacted. */
	readonly secrets: readonly string[];
	readonly dryRun: boolean;
	/** Ask whether to keep secrets in the progress file (asked once per run). */
	readonly askSaveSecrets: boolean;
	readonly progressPath: string;
	readonly onSaveSecrets: (save: boolean) => void;
	/** The files are on disk (also after a dry run, which wrote nothing: the app decides). */
	readonly onWritten?: () => void;
	/** Move on; `kept` when the user declined and goes on with the files as they are on disk. */
	readonly onDone: (kept?: boolean) => void;
	readonly isActive: boolean;
	readonly height: number;
	/** Shown when no file of this landmark lives on this host (content/). */
	readonly noFilesText?: string;
	/** content/write-config.md: this screen's words. */
	readonly words: string;
	/** Shown after writing, before Enter (content/: e.g. restart ActiveMQ, with the command). */
	readonly afterWriteText?: string;
};

type Phase<P> =
	| {readonly kind: 'planning'}
	| {readonly kind: 'review'; readonly files: readonly P[]; readonly declined: boolean}
	| {readonly kind: 'writing'; readonly files: readonly P[]}
	| {readonly kind: 'written'; readonly written: readonly WrittenFile[]; readonly asked: boolean}
	| {readonly kind: 'error'; readonly message: string; readonly files?: readonly P[]};

/** Shows the unified diff of client.cfg and server.cfg, asks, then writes (backup, atomic, 0600). */
export function WriteConfigScreen<P extends PlannedFile>(props: Props<P>) {
	const [phase, setPhase] = useState<Phase<P>>({kind: 'planning'});
	const [offset, setOffset] = useState(0);
	const [planRun, setPlanRun] = useState(0);

	// biome-ignore lint/correctness/useExhaustiveDependencies: plan once per attempt
	useEffect(() => {
		let live = true;
		setPhase({kind: 'planning'});
		props.plan().then(
			(files) => live && setPhase({kind: 'review', files, declined: false}),
			(error: unknown) => live && setPhase({kind: 'error', message: messageOf(error, props.secrets)}),
		);
		return () => {
			live = false;
		};
	}, [planRun]);

	const write = (files: readonly P[]) => {
		setPhase({kind: 'writing', files});
		props.apply(files).then(
			(written) => {
				setPhase({kind: 'written', written, asked: !props.askSaveSecrets});
				props.onWritten?.();
			},
			(error: unknown) => setPhase({kind: 'error', message: messageOf(error, props.secrets), files}),
		);
	};

	const guard = (text: string) => guardSecrets(text, props.secrets);
	const diffText = phase.kind === 'review' ? guard(phase.files.map((f) => f.diff).join('\n')) : '';
	const total = diffLines(diffText).length;
	const diffHeight = Math.max(props.height - 5, 3);

	const latest = useLatest({phase, total, diffHeight});
	useInput(
		(input, key) => {
			const {phase, total, diffHeight} = latest.current;
			if (phase.kind === 'review') {
				const page = Math.max(diffHeight - 1, 1);
				if (key.downArrow) setOffset((o) => Math.min(o + 1, Math.max(total - diffHeight, 0)));
				if (key.upArrow) setOffset((o) => Math.max(o - 1, 0));
				if (key.pageDown || input === ' ')
					setOffset((o) => Math.min(o + page, Math.max(total - diffHeight, 0)));
				if (key.pageUp) setOffset((o) => Math.max(o - page, 0));
				const changed = phase.files.filter((f) => f.changed);
				if (input === 'y' || (key.return && changed.length === 0)) write(changed);
				// declined: Enter goes on with the files as they are; the checks read what is there
				else if (key.return && phase.declined) props.onDone(true);
				if (input === 'n') setPhase({...phase, declined: true});
				return;
			}
			if (phase.kind === 'written') {
				if (!phase.asked && (input === 'y' || input === 'n')) {
					props.onSaveSecrets(input === 'y');
					setPhase({...phase, asked: true});
					return;
				}
				if (phase.asked && key.return) props.onDone();
				return;
			}
			if (phase.kind === 'error' && input === 'r') {
				if (phase.files) write(phase.files);
				else setPlanRun((n) => n + 1);
			}
		},
		{isActive: props.isActive},
	);

	const say = (name: WriteSection, values: Readonly<Record<string, string | number>> = {}) =>
		wordsFor(props.words, name, values);
	if (phase.kind === 'planning') return <Spinner label={say('planning')} />;
	if (phase.kind === 'writing') return <Spinner label={say(props.dryRun ? 'writing-dry' : 'writing')} />;
	if (phase.kind === 'error') {
		return (
			<Box flexDirection="column">
				<Text color={theme.fail}>✗ {phase.message}</Text>
				<Text dimColor>{say('error-keys')}</Text>
			</Box>
		);
	}
	if (phase.kind === 'review') {
		const changed = phase.files.filter((f) => f.changed);
		return (
			<Box flexDirection="column" height={props.height} overflow="hidden">
				<Text bold color={theme.accent}>
					{say(props.dryRun ? 'heading-dry' : 'heading')}
				</Text>
				{phase.files.map((f) => (
					<Text key={f.path} wrap="truncate">
						{'  '}
						{f.path}: {summary(f, guard, say)}
					</Text>
				))}
				{changed.length > 0 ? (
					<DiffView diff={diffText} offset={offset} height={diffHeight - phase.files.length + 2} />
				) : null}
				{phase.files.length === 0 && props.noFilesText ? (
					<Text>{props.noFilesText}</Text>
				) : changed.length === 0 ? (
					<Text color={theme.ok}>{say(phase.files.length === 1 ? 'same-one' : 'same-both')}</Text>
				) : (
					<Text>
						<Text bold>
							{say(props.dryRun ? 'ask-show' : changed.length > 1 ? 'ask-write-many' : 'ask-write-one', {
								count: changed.length,
							})}
						</Text>
						{phase.declined ? <Text color={theme.warn}> {say('declined')}</Text> : null}
						{total > diffHeight ? <Text dimColor> {say('scroll')}</Text> : null}
					</Text>
				)}
			</Box>
		);
	}
	return (
		<Box flexDirection="column">
			<Text bold color={theme.accent}>
				{say(props.dryRun ? 'written-heading-dry' : 'written-heading')}
			</Text>
			{phase.written.length === 0 ? <Text>{say('nothing-to-write')}</Text> : null}
			{phase.written.map((w) => (
				<Text key={w.path} color={w.dryRun ? theme.warn : theme.ok}>
					{say(w.dryRun ? 'would-write' : 'wrote', {path: w.path})}
					{w.backupPath ? <Text dimColor> {say('backup', {path: w.backupPath})}</Text> : null}
				</Text>
			))}
			{props.afterWriteText && phase.written.some((w) => !w.dryRun) ? (
				<Box marginTop={1}>
					<Text color={theme.warn} wrap="wrap">
						{props.afterWriteText}
					</Text>
				</Box>
			) : null}
			{phase.asked ? (
				<Text>{say(props.afterWriteText ? 'continue' : 'continue-next')}</Text>
			) : (
				<Box marginTop={1}>
					<Text>
						{say('keep-secrets', {path: props.progressPath})} <Text bold>y/n</Text>
					</Text>
				</Box>
			)}
		</Box>
	);
}

/** The sections of content/write-config.md this screen and the app read (test/steps-content.test.ts keeps them exact). */
export const WRITE_SECTIONS = [
	'no-files',
	'written-activemq',
	'planning',
	'writing',
	'writing-dry',
	'error-keys',
	'heading',
	'heading-dry',
	'new-file',
	'unchanged',
	'lines-changed',
	'same-one',
	'same-both',
	'ask-write-one',
	'ask-write-many',
	'ask-show',
	'declined',
	'scroll',
	'written-heading',
	'written-heading-dry',
	'nothing-to-write',
	'would-write',
	'wrote',
	'backup',
	'continue',
	'continue-next',
	'keep-secrets',
] as const;

type WriteSection = (typeof WRITE_SECTIONS)[number];

function summary(
	file: PlannedFile,
	guard: (s: string) => string,
	say: (name: WriteSection, values?: Readonly<Record<string, string | number>>) => string,
): string {
	if (!file.exists) return say('new-file');
	if (!file.changed) return say('unchanged');
	const {added, removed} = diffStat(guard(file.diff));
	return say('lines-changed', {added, removed});
}

/** Any secret still in clear becomes its fingerprint placeholder. */
export function guardSecrets(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of [...secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length)) {
		if (out.includes(secret)) out = out.split(secret).join(secretPlaceholder(secret));
	}
	return out;
}

function messageOf(error: unknown, secrets: readonly string[]): string {
	return guardSecrets(error instanceof Error ? error.message : String(error), secrets);
}
