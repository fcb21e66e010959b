// Bundles src/cli.tsx into dist/cli.mjs with esbuild. A bundle starts ~2x faster than tsc output
// because `import 'ink'` otherwise loads ~530 modules (see shared/docs/ecosystem.md B.8).
// --splitting keeps ink's optional devtools import in its own chunk so it is never loaded.
import {rmSync} from 'node:fs';
import {build} from 'esbuild';

const quiet = process.argv.includes('--quiet');
const started = performance.now();
// Chunk names carry content hashes: clear old ones so dist/ holds only this build.
rmSync('dist', {recursive: true, force: true});
await build({
	entryPoints: ['src/cli.tsx'],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	external: ['react-devtools-core'],
	outExtension: {'.js': '.mjs'},
	banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
	logLevel: quiet ? 'error' : 'info',
	legalComments: 'none',
	// React's production build: smaller and faster than the development one it picks by default.
	define: {'process.env.NODE_ENV': '"production"'},
});
if (!quiet) console.log(`built dist/cli.mjs in ${Math.round(performance.now() - started)} ms`);
