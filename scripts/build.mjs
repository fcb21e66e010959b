// Bundles src/cli.tsx into dist/cli.mjs with esbuild. A bundle starts ~2x faster than tsc output
// because `import 'ink'` otherwise loads ~530 modules (see shared/docs/ecosystem.md B.8).
// --splitting keeps ink's optional devtools import in its own chunk so it is never loaded.
// `npm start` runs this before every launch: when dist/ is newer than every input it returns
// after a few stat calls, before esbuild is even loaded (--force rebuilds anyway).
import {chmodSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const quiet = process.argv.includes('--quiet');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** `--entry=FILE --outdir=DIR`: another entry point built the same way (bench/startup.ts's Ink floor). */
const argValue = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ENTRY = argValue('entry') ?? 'src/cli.tsx';
const OUT_DIR = argValue('outdir') ?? join(root, 'dist');
const force = process.argv.includes('--force') || ENTRY !== 'src/cli.tsx';
const OUT = join(OUT_DIR, 'cli.mjs');

/** Newest mtime among the bundle's inputs; directories count too, so a deleted file shows. */
function newestInput() {
	let newest = 0;
	const visit = (path) => {
		const st = statSync(path);
		newest = Math.max(newest, st.mtimeMs);
		if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
	};
	// content/help.md: the program's --help words, baked into dist/help.json (other content is read at run time)
	for (const input of [
		'src',
		'steps',
		'content/help.md',
		'package.json',
		'package-lock.json',
		'scripts/build.mjs',
	]) {
		visit(join(root, input));
	}
	return newest;
}

function upToDate() {
	try {
		// The launcher and the commands' script are written after cli.mjs: a dist/ from before them is stale.
		for (const also of ['cli.cjs', 'mco.cjs']) statSync(join(OUT_DIR, also));
		return statSync(OUT).mtimeMs >= newestInput();
	} catch {
		return false; // no dist/ yet
	}
}

if (!force && upToDate()) {
	if (!quiet) console.log('dist/cli.mjs is up to date');
	process.exit(0);
}

const started = performance.now();
const {build} = await import('esbuild');

/**
 * Yoga's emscripten loader fetches its own inlined wasm (a data: URL) with `fetch` whenever the
 * global exists, which makes Node load undici (~60 ms) just to decode base64. Without `fetch`
 * it decodes the same bytes synchronously (its own fallback, made native below). Fails the build if an upgrade
 * changes the loader, so the patch never silently stops applying.
 */
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(b) {
		b.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, (args) => {
			const source = readFileSync(args.path, 'utf8');
			const needle = '"function"!=typeof fetch';
			const count = source.split(needle).length - 1;
			if (count !== 2) throw new Error(`yoga loader changed: expected 2 fetch checks, found ${count}`);
			// Its fallback decodes the base64 one character at a time in JS (~90 ms under load):
			// Node's Buffer does the same natively.
			const decode =
				'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c';
			if (!source.includes(decode)) throw new Error('yoga loader changed: base64 decoder not found');
			const patched = source
				.replaceAll(needle, 'true')
				.replace(decode, 'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))');
			return {contents: patched, loader: 'js'};
		});
	},
};

/** src/core/text-width.ts pictographWidths(), repeated here because plain node cannot import .ts. */
function pictographWidths(original) {
	const widths = {};
	for (let cp = 0x80; cp <= 0xffff; cp++) {
		const ch = String.fromCharCode(cp);
		if (/^\p{Extended_Pictographic}$/u.test(ch) && !/\p{Emoji_Presentation}/u.test(ch))
			widths[ch] = original(ch);
	}
	return widths;
}

/** Every copy of string-width the bundle uses gets src/core/text-width.ts's fast path in front. */
const fastStringWidth = {
	name: 'fast-string-width',
	setup(b) {
		const wrapper = join(root, 'src', 'core', 'text-width.ts');
		b.onResolve({filter: /^string-width$/}, async (args) => {
			if (args.pluginData === 'real' || args.importer === wrapper) return undefined;
			const real = await b.resolve('string-width', {
				resolveDir: args.resolveDir,
				kind: args.kind,
				pluginData: 'real',
			});
			if (real.errors.length > 0) return {errors: real.errors};
			return {path: real.path, namespace: 'fast-string-width'};
		});
		b.onLoad({filter: /.*/, namespace: 'fast-string-width'}, async (args) => {
			// The widths this copy gives the pictographs, asked of it now so the bundle never has to.
			const {default: original} = await import(pathToFileURL(args.path).href);
			const table = JSON.stringify(pictographWidths(original));
			return {
				contents: `import original from ${JSON.stringify(args.path)};\nimport {withNarrowFastPath} from ${JSON.stringify(wrapper)};\nexport default withNarrowFastPath(original, ${table});\n`,
				resolveDir: root,
				loader: 'js',
			};
		});
	},
};

/** How the CLI and the build-time data modules are bundled: split ESM for Node 20, `require` available. */
const ESM_FOR_NODE = {
	absWorkingDir: root,
	bundle: true,
	splitting: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	external: ['react-devtools-core'],
	outExtension: {'.js': '.mjs'},
	banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
};

/** How the launcher and the command script are bundled: one CommonJS file each, no ES module loader. */
const CJS_FOR_NODE = {
	absWorkingDir: root,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	logLevel: quiet ? 'error' : 'warning',
	legalComments: 'none',
};

// Chunk names carry content hashes: clear old ones so dist/ holds only this build.
rmSync(OUT_DIR, {recursive: true, force: true});
await build({
	...ESM_FOR_NODE,
	entryPoints: [ENTRY],
	outdir: OUT_DIR,
	logLevel: quiet ? 'error' : 'info',
	legalComments: 'none',
	// React's production build: smaller and faster than the development one it picks by default.
	define: {'process.env.NODE_ENV': '"production"'},
	plugins: [yogaWithoutFetch, fastStringWidth],
});
if (ENTRY === 'src/cli.tsx') {
	await writeCommandScript();
	await writeLauncher();
	await writeBuildTimeData();
}
/**
 * dist/cli.cjs, the package's bin: src/cli-launcher.ts as CommonJS, so `--help` and a plain
 * `ping` or `rpc` skip the ES module loader; anything else imports dist/cli.mjs.
 * `import.meta.url` (the fast paths find help.json, args.json and mco.cjs beside it) is this
 * file's URL. ping's and rpc's modules are left out (fast-command imports them only when
 * dist/mco.cjs is missing, which this build writes): they would make the launcher as big as it.
 */
async function writeLauncher() {
	const noCommandModules = {
		name: 'no-command-modules',
		setup(b) {
			b.onResolve({filter: /[\\/]commands[\\/](ping|rpc)\.js$/}, (a) => ({
				path: a.path.includes('ping') ? 'ping' : 'rpc',
				namespace: 'no-command-modules',
			}));
			b.onLoad({filter: /.*/, namespace: 'no-command-modules'}, (a) => ({
				contents: `export function ${a.path}Action() { throw new Error('dist/mco.cjs is missing: run npm run build'); }`,
				loader: 'js',
			}));
		},
	};
	await build({
		...CJS_FOR_NODE,
		entryPoints: ['src/cli-launcher.ts'],
		outfile: join(OUT_DIR, 'cli.cjs'),
		define: {'import.meta.url': '__launcherUrl'},
		banner: {
			js: '#!/usr/bin/env node\nconst __launcherUrl = require("node:url").pathToFileURL(__filename).href;',
		},
		plugins: [noCommandModules],
	});
	chmodSync(join(OUT_DIR, 'cli.cjs'), 0o755);
}
/**
 * dist/mco.cjs: ping's and rpc's whole paths as one CommonJS script (src/mco-script.ts), which
 * src/io/fast-command.ts runs through vm.Script with a V8 code cache (src/io/code-cache.ts).
 * Node 20 caches no compiled ES module; one script also skips the ES module loader's work for
 * the command's ~12 chunks.
 */
async function writeCommandScript() {
	await build({
		...CJS_FOR_NODE,
		entryPoints: ['src/mco-script.ts'],
		outfile: join(OUT_DIR, 'mco.cjs'),
		define: {'process.env.NODE_ENV': '"production"'},
	});
}
/**
 * dist/help.json: commander's help texts for src/io/fast-help.ts, and dist/args.json: the option
 * specs src/io/fast-command.ts parses ping and rpc with, both asked of the program itself
 * (src/help-texts.ts, src/fast-args-spec.ts on src/program.ts, bundled like the CLI and run here),
 * so that `--help` and a plain `ping` or `rpc` can skip loading commander and the program.
 */
async function writeBuildTimeData() {
	// Split like the CLI, so the commands' implementations (Ink…) stay in chunks never loaded here.
	// Beside dist/, not in it: the program reads content/help.md as `../content/` from its chunks.
	const dir = join(dirname(OUT_DIR), `.${basename(OUT_DIR)}-build-time`);
	await build({
		...ESM_FOR_NODE,
		entryPoints: ['src/help-texts.ts', 'src/fast-args-spec.ts'],
		outdir: dir,
		logLevel: 'error',
	});
	try {
		const {helpTexts} = await import(pathToFileURL(join(dir, 'help-texts.mjs')).href);
		writeFileSync(join(OUT_DIR, 'help.json'), `${JSON.stringify(helpTexts())}\n`);
		const {fastArgSpecs} = await import(pathToFileURL(join(dir, 'fast-args-spec.mjs')).href);
		writeFileSync(join(OUT_DIR, 'args.json'), `${JSON.stringify(envIndependent(fastArgSpecs))}\n`);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/**
 * The specs that come out the same under another HOME and XDG_STATE_HOME: a default read from
 * the environment when the program is built would be this machine's, so such a command is left
 * to commander (help texts instead hold a placeholder for such a value: src/help-texts.ts).
 */
function envIndependent(specsOf) {
	const here = specsOf();
	const saved = {HOME: process.env.HOME, XDG_STATE_HOME: process.env.XDG_STATE_HOME};
	process.env.HOME = join(OUT_DIR, '.another-home');
	process.env.XDG_STATE_HOME = join(OUT_DIR, '.another-xdg');
	let elsewhere;
	try {
		elsewhere = specsOf();
	} finally {
		for (const [k, v] of Object.entries(saved)) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
	}
	return Object.fromEntries(
		Object.entries(here).filter(([name, spec]) => JSON.stringify(spec) === JSON.stringify(elsewhere[name])),
	);
}

if (!quiet) console.log(`built dist/cli.mjs in ${Math.round(performance.now() - started)} ms`);
