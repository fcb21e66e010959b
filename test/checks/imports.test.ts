/**
 * src/checks reaches the machine only through the injected CheckIO: no module there imports a
 * node: module that does IO, nor an src/io module at run time (types are fine: they vanish).
 */
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const CHECKS = fileURLToPath(new URL('../../src/checks/', import.meta.url));
/** node: modules that only work on strings and values. */
const PURE = new Set(['node:path', 'node:util', 'node:assert']);

/** Every `import ... from 'x'` / `export ... from 'x'` / `import('x')` in a source text, with whether it is type-only. */
export function importsOf(source: string): {spec: string; typeOnly: boolean}[] {
	const out: {spec: string; typeOnly: boolean}[] = [];
	for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm))
		out.push({spec: m[4] ?? '', typeOnly: m[2] !== undefined});
	for (const m of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm))
		out.push({spec: m[1] ?? '', typeOnly: false});
	for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
		out.push({spec: m[1] ?? '', typeOnly: false});
	return out;
}

describe('src/checks imports no IO', () => {
	it('the scanner sees value, type and dynamic imports', () => {
		const seen = importsOf(
			"import {readFile} from 'node:fs/promises';\nimport type {X} from '../io/x.js';\nexport {y} from './y.js';\nconst m = await import('node:net');\nimport 'node:dns';\n",
		);
		assert.deepEqual(seen, [
			{spec: 'node:fs/promises', typeOnly: false},
			{spec: '../io/x.js', typeOnly: true},
			{spec: './y.js', typeOnly: false},
			{spec: 'node:dns', typeOnly: false},
			{spec: 'node:net', typeOnly: false},
		]);
	});

	it('no node: IO module and no run-time src/io import in any src/checks file', () => {
		const files = readdirSync(CHECKS).filter((f) => /\.tsx?$/.test(f));
		assert.ok(files.length >= 8, `found ${files.length} files in ${CHECKS}`);
		const offending: string[] = [];
		for (const file of files) {
			for (const {spec, typeOnly} of importsOf(readFileSync(join(CHECKS, file), 'utf8'))) {
				const builtin =
					spec.startsWith('node:') || /^(fs|net|dns|child_process|os|tls|http|https)(\/|$)/.test(spec);
				if (builtin && !PURE.has(spec)) offending.push(`${file}: ${spec}`);
				if (!typeOnly && /(^|\/)io\//.test(spec))
					offending.push(`${file}: ${spec} (run-time import of src/io)`);
			}
		}
		assert.deepEqual(offending, []);
	});
});
