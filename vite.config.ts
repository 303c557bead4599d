import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

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
		})
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
