import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {Markdown, markdownRows} from '../components/Markdown.js';
import {contentSection} from '../content.js';
import {wordsFor} from '../core/content-words.js';
import {choiceLabel, fieldHelp, fieldLabel} from '../core/ingredient-words.js';
import type {IngredientField, IngredientKey} from '../core/ingredients.js';
import {fieldWarning} from '../core/ingredients.js';
import {describeSecret} from '../core/secrets.js';
import type {Ingredients, Platform} from '../core/types.js';
import {type FormState, initialForm, useIngredientsForm} from '../hooks/use-ingredients-form.js';
import {theme} from '../theme.js';

export type PlatformGuess = {readonly platform: Platform; readonly reason: string};

export type Props = {
	/** Values to start from (answers file, saved progress, defaults). */
	readonly initial: Partial<Ingredients>;
	/** Ask only these fields (e.g. secrets again on resume); all when absent. */
	readonly keys?: readonly IngredientKey[];
	readonly title: string;
	/** One line under the title. */
	readonly intro?: string;
	/** The landmark lesson (markdown); its teaching text is shown beside or under the form. */
	readonly lesson: string;
	/**
	 * One short lesson per field (content/ingredient-fields.md, `## <key>` sections): below 120
	 * columns the box under the form teaches the field in focus, scrolled with PgUp/PgDn.
	 */
	readonly fieldLessons?: string;
	/** content/ingredients-form.md: the words around the fields. */
	readonly words: string;
	/** content/ingredient-labels.md: each field's name and one-line help. */
	readonly fieldWords: string;
	readonly detected?: PlatformGuess;
	/** Offer Ctrl-G to generate secrets (default true; off when re-asking secrets already written). */
	readonly allowGenerate?: boolean;
	/** False while the progress map is open over the form. */
	readonly isActive: boolean;
	readonly width: number;
	readonly height: number;
	readonly onSubmit: (values: Partial<Ingredients>) => void;
	readonly onEscape: () => void;
};

const LABEL_WIDTH = 24;

/** Landmark 1's form: every ingredient, validated as typed, secrets masked. */
export function IngredientsScreen(props: Props) {
	const {state, errors} = useIngredientsForm(() => initialForm(props.initial, props.keys), {
		isActive: props.isActive,
		onSubmit: props.onSubmit,
		onEscape: props.onEscape,
		allowGenerate: props.allowGenerate !== false,
	});
	const wide = props.width >= 120;
	const active = state.fields[state.active];
	const fieldLesson =
		!wide && active && props.fieldLessons ? contentSection(props.fieldLessons, active.key) : undefined;
	const teaching = wide
		? props.lesson
		: fieldLesson
			? fieldLesson.split('\n').slice(1).join('\n').trim()
			: (contentSection(props.lesson, 'Two passwords and one username') ?? props.lesson);
	// Rows used by the form itself: title/intro, one per field, the active field's reason line, help.
	const formRows = (props.intro ? 2 : 1) + state.fields.length + 2;
	const lessonHeight = wide ? props.height : Math.max(props.height - formRows, 0);
	const textWidth = Math.max((wide ? props.width - 80 : props.width) - (wide ? 4 : 1), 10);
	// below the form: a one-line rule naming the field, then as many lesson rows as fit
	const textRows = wide ? lessonHeight - 2 : lessonHeight - 1;
	const total = wide ? 0 : markdownRows(teaching, textWidth).length;
	const [scroll, setScroll] = useState({key: '', offset: 0});
	const offset = scroll.key === active?.key ? Math.min(scroll.offset, Math.max(total - textRows, 0)) : 0;
	useInput(
		(_input, key) => {
			const page = Math.max(textRows - 1, 1);
			if (key.pageDown)
				setScroll({key: active?.key ?? '', offset: Math.min(offset + page, Math.max(total - textRows, 0))});
			if (key.pageUp) setScroll({key: active?.key ?? '', offset: Math.max(offset - page, 0)});
		},
		{isActive: props.isActive && !wide},
	);
	const rule =
		active && fieldLesson
			? `── ${fieldLabel(props.fieldWords, active.key)}${total > textRows ? ` · PgUp/PgDn ${offset + 1}–${Math.min(offset + textRows, total)} of ${total}` : ''} `
			: '';
	return (
		<Box flexDirection={wide ? 'row' : 'column'} height={props.height} overflow="hidden">
			<Box flexDirection="column" width={wide ? 78 : undefined} flexShrink={0}>
				<Text bold color={theme.accent}>
					{props.title}
				</Text>
				{props.intro ? <Text dimColor>{props.intro}</Text> : null}
				{state.fields.map((field, i) => (
					<FieldRow
						key={field.key}
						field={field}
						state={state}
						active={i === state.active}
						error={errors[field.key]}
						detected={field.key === 'platform' ? props.detected : undefined}
						words={props.words}
						fieldWords={props.fieldWords}
					/>
				))}
				{active ? (
					<Text dimColor wrap="truncate">
						{fieldHelp(props.fieldWords, active.key)}
						{active.generatable && props.allowGenerate !== false
							? ` ${formWords(props.words, 'can-generate')}`
							: ''}
						{active.kind === 'choice' ? ` ${formWords(props.words, 'choose')}` : ''}
					</Text>
				) : null}
			</Box>
			{wide && lessonHeight >= 3 ? (
				<Box
					marginLeft={2}
					borderStyle="single"
					borderDimColor
					paddingX={1}
					flexGrow={1}
					height={lessonHeight}
					overflow="hidden"
				>
					<Markdown source={teaching} width={textWidth} height={lessonHeight - 2} />
				</Box>
			) : null}
			{!wide && lessonHeight >= 2 ? (
				<Box flexDirection="column" height={lessonHeight} overflow="hidden">
					<Text dimColor wrap="truncate">
						{rule.padEnd(props.width, '─')}
					</Text>
					<Markdown source={teaching} width={textWidth} height={textRows} offset={offset} />
				</Box>
			) : null}
		</Box>
	);
}

/** content/ingredients-form.md */
export const FORM_CONTENT = 'ingredients-form';

/** The sections of content/ingredients-form.md the form reads (test/steps-content.test.ts keeps them exact). */
export const FORM_SECTIONS = ['can-generate', 'choose', 'detected', 'not-set', 'generated'] as const;

function formWords(
	words: string,
	name: (typeof FORM_SECTIONS)[number],
	values: Readonly<Record<string, string | number>> = {},
): string {
	return wordsFor(words, name, values);
}

type RowProps = {
	readonly field: IngredientField;
	readonly state: FormState;
	readonly active: boolean;
	readonly error: string | undefined;
	readonly detected: PlatformGuess | undefined;
	readonly words: string;
	readonly fieldWords: string;
};

function FieldRow({field, state, active, error, detected, words, fieldWords}: RowProps) {
	const raw = state.raw[field.key] ?? '';
	const showError =
		error !== undefined && (state.showAll || state.visited.has(field.key) || (active && raw !== ''));
	const warning = error === undefined && active ? fieldWarning(field.key, raw) : undefined;
	return (
		<Box flexDirection="column">
			<Box>
				<Text color={theme.accent}>{active ? '❯ ' : '  '}</Text>
				<Box width={LABEL_WIDTH} flexShrink={0}>
					<Text bold={active} wrap="truncate">
						{fieldLabel(fieldWords, field.key)}
					</Text>
				</Box>
				<Box flexShrink={1}>
					<FieldValue
						field={field}
						raw={raw}
						active={active}
						generated={state.generated.has(field.key)}
						words={words}
						fieldWords={fieldWords}
					/>
				</Box>
				{!active && showError ? <Text color={theme.fail}> ✗</Text> : null}
				{detected && field.kind === 'choice' && active ? (
					<Text dimColor wrap="truncate">
						{' '}
						{formWords(words, 'detected', {platform: detected.platform})}
					</Text>
				) : null}
			</Box>
			{active && showError ? (
				<Text color={theme.fail} wrap="truncate">
					{'    ↳ '}
					{error}
				</Text>
			) : null}
			{active && !showError && warning ? (
				<Text color={theme.warn} wrap="truncate">
					{'    ↳ '}
					{warning}
				</Text>
			) : null}
			{active && !showError && !warning && detected && field.kind === 'choice' ? (
				<Text dimColor wrap="truncate">
					{'    ↳ '}
					{detected.reason}
				</Text>
			) : null}
		</Box>
	);
}

function FieldValue({
	field,
	raw,
	active,
	generated,
	words,
	fieldWords,
}: {
	readonly field: IngredientField;
	readonly raw: string;
	readonly active: boolean;
	readonly generated: boolean;
	readonly words: string;
	readonly fieldWords: string;
}) {
	if (field.kind === 'choice') {
		return (
			<Text wrap="truncate">
				{(field.choices ?? []).map((choice) => {
					const chosen = choice.value === raw;
					const label = choiceLabel(fieldWords, field.key, choice.value);
					return (
						<Text
							key={choice.value}
							color={chosen ? theme.accent : undefined}
							dimColor={!chosen}
							bold={chosen}
						>
							{chosen ? `‹${label}› ` : ` ${label}  `}
						</Text>
					);
				})}
			</Text>
		);
	}
	if (field.kind === 'secret') {
		// While typing: one bullet per character (feedback); afterwards only mask + fingerprint.
		if (active && !generated) {
			return (
				<Text wrap="truncate">
					{'•'.repeat([...raw].length)}
					<Text inverse> </Text>
				</Text>
			);
		}
		return (
			<Text wrap="truncate">
				{raw === '' ? <Text dimColor>{formWords(words, 'not-set')}</Text> : describeSecret(raw)}
				{generated ? <Text color={theme.ok}> {formWords(words, 'generated')}</Text> : null}
				{active ? <Text inverse> </Text> : null}
			</Text>
		);
	}
	return (
		<Text wrap="truncate-start">
			{raw}
			{active ? <Text inverse> </Text> : null}
		</Text>
	);
}
