// `npm test`: every check the atlas has, in order, stopping at the first failure.
// Geodata build → formatting → types → unit and database tests (PGlite and a real PostgreSQL +
// PostGIS) → production build → end-to-end tests in Chromium. Ends with "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });

/** @type {Array<[name: string, command: string, args: string[]]>} */
const steps = [
	['geodata build', 'node', ['geodata/build.ts']],
	['formatting', 'prettier', ['--check', '.']],
	['types', 'svelte-check', ['--tsconfig', './tsconfig.json', '--fail-on-warnings']],
	[
		'unit and database tests',
		'vitest',
		[
			'run',
			'--reporter=default',
			'--reporter=json',
			`--outputFile=${path.join(results, 'vitest.json')}`
		]
	],
	['production build', 'vite', ['build']],
	['end-to-end tests', 'playwright', ['test', '-c', 'tests/playwright.config.ts']]
];

let passed = 0;
let failed = 0;

function count() {
	const vitest = path.join(results, 'vitest.json');
	if (existsSync(vitest)) {
		const report = JSON.parse(readFileSync(vitest, 'utf8'));
		passed += report.numPassedTests;
		failed += report.numFailedTests;
	}
	const e2e = path.join(results, 'e2e.json');
	if (existsSync(e2e)) {
		const { stats } = JSON.parse(readFileSync(e2e, 'utf8'));
		passed += stats.expected + stats.flaky;
		failed += stats.unexpected;
	}
}

let exitCode = 0;
spawnSync('svelte-kit', ['sync'], { cwd: root, stdio: 'inherit', shell: false });
for (const [name, command, args] of steps) {
	console.log(`\n== ${name}: ${command} ${args.join(' ')}`);
	const started = Date.now();
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
	if (result.error) console.error(`${command}: ${result.error.message}`);
	console.log(
		`== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`
	);
	if (result.status !== 0) {
		exitCode = result.status || 1;
		if (!name.includes('tests')) failed += 1;
		break;
	}
}
count();
if (exitCode === 0 && passed === 0) {
	console.error('No test ran.');
	exitCode = 1;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(exitCode);
