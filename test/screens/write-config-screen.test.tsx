import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {readContent} from '../../src/content.js';
import {type PlannedFile, WriteConfigScreen, type WrittenFile} from '../../src/screens/WriteConfigScreen.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {DOWN, ENTER} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';

let screen: Rendered | undefined;
afterEach(() => screen?.unmount());

const SECRET = SEED_INGREDIENTS.psk;
const longDiff = [
	'--- /etc/mcollective/client.cfg\tcurrent',
	'+++ /etc/mcollective/client.cfg\tproposed',
	'@@ -1,3 +1,40 @@',
	'-connector = stomp',
	'+connector = activemq',
	...Array.from({length: 40}, (_, i) => `+line${i} = value${i}`),
].join('\n');

async function renderWrite(
	files: PlannedFile[],
	options: {dryRun?: boolean; askSaveSecrets?: boolean; fail?: string} = {},
) {
	const applied: PlannedFile[][] = [];
	const saveAnswers: boolean[] = [];
	let done = 0;
	const kept: (boolean | undefined)[] = [];
	screen = await renderApp(
		<WriteConfigScreen
			plan={async () => files}
			apply={async (chosen): Promise<WrittenFile[]> => {
				if (options.fail) throw new Error(options.fail);
				applied.push([...chosen]);
				return chosen.map((f) => ({
					role: f.role,
					path: f.path,
					dryRun: options.dryRun === true,
					...(f.exists ? {backupPath: `${f.path}.bak-20261125-100000`} : {}),
				}));
			}}
			secrets={[SECRET]}
			dryRun={options.dryRun === true}
			askSaveSecrets={options.askSaveSecrets !== false}
			progressPath="/home/op/.config/mco-wizard/progress.ini"
			onSaveSecrets={(save) => saveAnswers.push(save)}
			onDone={(k) => {
				done++;
				kept.push(k);
			}}
			isActive
			height={20}
			words={readContent('write-config')}
		/>,
	);
	await screen.waitFor(/Write|already say/);
	return {screen, applied, saveAnswers, done: () => done, kept: () => kept};
}

const client: PlannedFile = {
	role: 'client',
	path: '/etc/mcollective/client.cfg',
	exists: true,
	changed: true,
	diff: longDiff,
};
const server: PlannedFile = {
	role: 'server',
	path: '/etc/mcollective/server.cfg',
	exists: false,
	changed: true,
	diff: `--- /dev/null\n+++ /etc/mcollective/server.cfg\n@@ -0,0 +1,1 @@\n+plugin.psk = ${SECRET}\n`,
};

describe('WriteConfigScreen', () => {
	it('shows the unified diff, scrolls it, and writes only after y', async () => {
		const {screen: s, applied, saveAnswers, done} = await renderWrite([client, server]);
		const frame = s.frame();
		assert.match(frame, /\/etc\/mcollective\/client\.cfg: \+41 −1 lines/);
		assert.match(frame, /\/etc\/mcollective\/server\.cfg: new file/);
		assert.match(frame, /^-connector = stomp$/m);
		assert.match(frame, /^\+connector = activemq$/m);
		assert.match(frame, /Write 2 files \(backup kept, mode 0600\)\? y\/n/);
		assert.doesNotMatch(frame, /line30 = value30/);
		for (let i = 0; i < 30; i++) await s.press(DOWN);
		assert.match(s.frame(), /line30 = value30/, 'the diff scrolls');
		assert.equal(applied.length, 0, 'nothing written before y');
		await s.press('y');
		await s.waitFor('Configuration written');
		assert.deepEqual(
			applied[0]?.map((f) => f.path),
			[client.path, server.path],
		);
		assert.match(
			s.text(),
			/✓ wrote \/etc\/mcollective\/client\.cfg \(mode 0600\) · backup \/etc\/mcollective\/client\.cfg\.bak-/,
		);
		assert.match(s.text(), /Keep the secrets in the progress file .* \(mode 0600\)/);
		await s.press(ENTER);
		assert.equal(done(), 0, 'Enter does not skip the question');
		await s.press('n');
		assert.deepEqual(saveAnswers, [false]);
		await s.press(ENTER);
		assert.equal(done(), 1);
	});

	it('never shows a secret even when a diff carries one in clear', async () => {
		const {screen: s} = await renderWrite([server]);
		assert.match(s.frame(), /\+plugin\.psk = <secret sha256:[0-9a-f]{8}>/);
		assert.ok(!s.frames().some((f) => f.includes(SECRET)));
	});

	it('n writes nothing and says how to change the answers', async () => {
		const {screen: s, applied} = await renderWrite([client]);
		await s.press('n');
		assert.match(s.text(), /Nothing written\. b edits the ingredients\./);
		assert.equal(applied.length, 0);
	});

	it('after n, Enter goes on with the files as they are (nothing written, not claimed verified)', async () => {
		const {screen: s, applied, done, kept} = await renderWrite([client]);
		await s.press(ENTER);
		assert.equal(done(), 0, 'Enter before answering does not move on');
		await s.press('n');
		await s.press(ENTER);
		assert.equal(done(), 1);
		assert.deepEqual(kept(), [true]);
		assert.equal(applied.length, 0);
	});

	it('dry run says so and reports what it would write', async () => {
		const {screen: s} = await renderWrite([client], {dryRun: true, askSaveSecrets: false});
		assert.match(s.frame(), /dry run: nothing will be written/);
		await s.press('y');
		await s.waitFor('not written (dry run)');
		assert.match(s.frame(), /○ would write \/etc\/mcollective\/client\.cfg/);
		assert.match(s.frame(), /Enter to continue/);
	});

	it('unchanged files need only Enter', async () => {
		const {screen: s, applied} = await renderWrite([{...server, exists: true, changed: false, diff: ''}], {
			askSaveSecrets: false,
		});
		assert.match(s.frame(), /server\.cfg: unchanged/);
		assert.match(s.frame(), /already say exactly this/);
		await s.press(ENTER);
		await s.waitFor('Nothing to write');
		assert.deepEqual(applied, [[]]);
	});

	it('a failed write is shown (without secrets) with retry and the --config-dir way out', async () => {
		const {screen: s} = await renderWrite([server], {
			fail: `EACCES: permission denied, open '/etc/mcollective/server.cfg' ${SECRET}`,
		});
		await s.press('y');
		await s.waitFor('EACCES');
		assert.match(s.frame(), /r retry/);
		assert.match(s.frame(), /--config-dir DIR/);
		assert.ok(!s.frames().some((f) => f.includes(SECRET)));
	});
});
