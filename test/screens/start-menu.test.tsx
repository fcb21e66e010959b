import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {type StartChoice, StartMenu} from '../../src/components/StartMenu.js';
import {readContent} from '../../src/content.js';
import {DOWN, ENTER} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';

let screen: Rendered | undefined;
afterEach(() => screen?.unmount());

async function menu() {
	const chosen: StartChoice[] = [];
	screen = await renderApp(<StartMenu words={readContent('start')} onChoose={(c) => chosen.push(c)} />);
	return {s: screen, chosen};
}

describe('start menu (nothing configured)', () => {
	it('offers real hosts first and the practice range second, fitting 80 columns', async () => {
		const {s, chosen} = await menu();
		assert.match(s.text(), /❯ 1\. Set up real hosts/);
		assert.match(s.text(), /2\. Practice on a simulated range/);
		await s.press(ENTER);
		assert.deepEqual(chosen, ['real']);
	});

	it('↓ then Enter in one burst picks the practice range', async () => {
		const {s, chosen} = await menu();
		await s.type(`${DOWN}${ENTER}`);
		assert.deepEqual(chosen, ['practice']);
	});

	it('q quits without choosing', async () => {
		const {s, chosen} = await menu();
		await s.press('q');
		assert.deepEqual(chosen, ['quit']);
	});
});
