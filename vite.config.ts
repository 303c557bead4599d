import { readFileSync } from 'node:fs';
import path from 'node:path';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const PGLITE_WORKER = 'src/lib/server/db/pglite-worker.js';

/**
 * The embedded database's worker thread is started from a file beside the code that starts it
 * (`new URL('./pglite-worker.js', import.meta.url)`); Vite bundles the server without it, so the
 * file is copied next to each server chunk that refers to it.
 */
function pgliteWorkerFile(): Plugin {
	return {
		name: 'atlas-pglite-worker-file',
		applyToEnvironment: (environment) => environment.name === 'ssr',
		generateBundle(_options, bundle) {
			const source = readFileSync(path.resolve(import.meta.dirname, PGLITE_WORKER), 'utf8');
			for (const chunk of Object.values(bundle)) {
				if (chunk.type !== 'chunk' || !chunk.code.includes('"./pglite-worker.js"')) continue;
				this.emitFile({
					type: 'asset',
					fileName: path.posix.join(path.posix.dirname(chunk.fileName), 'pglite-worker.js'),
					source
				});
			}
		}
	};
}

// SvelteKit 3 takes its configuration here: it refuses to start when a svelte.config.js exists.
export default defineConfig({
	plugins: [
		sveltekit({
			compilerOptions: {
				runes: ({ filename }) =>
					filename.split(/[/\\]/).includes('node_modules') ? undefined : true
			},
			adapter: adapter({ out: 'build' }),
			// The atlas checks every state-changing request itself (src/lib/server/csrf.ts): Kit's
			// check compares whole origins and, with adapter-node, assumes https on plain http.
			csrf: { trustedOrigins: ['*'] },
			// Kit hashes its inline hydration script into script-src (hashes, not nonces: the same
			// page stays byte-identical, hence cacheable). The rest of the policy depends on run-time
			// settings and is added by src/lib/server/security-headers.ts.
			csp: { mode: 'hash', directives: { 'script-src': ['self'] } }
		}),
		pgliteWorkerFile()
	],
	server: { host: '127.0.0.1' },
	test: {
		projects: [
			{ extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
			{
				extends: true,
				test: {
					name: 'db',
					include: ['tests/db/**/*.test.ts'],
					// Starts a throw-away PostgreSQL + PostGIS server; a missing server fails the run.
					globalSetup: ['tests/db/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 180_000,
					fileParallelism: false
				}
			}
		]
	}
});
