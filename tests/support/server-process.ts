// Starts the built atlas (`node src/server.ts`) as a child process, as `npm start` does, for the
// lifecycle test and the benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface AtlasProcess {
	child: ChildProcess;
	url: string;
	output: () => string;
	/** Milliseconds from spawn to the first answered API request. */
	readyAfterMs: number;
	stop(
		signal?: NodeJS.Signals
	): Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>;
}

export async function startAtlas(options: {
	port: number;
	env?: Record<string, string>;
	timeoutMs?: number;
}): Promise<AtlasProcess> {
	const url = `http://127.0.0.1:${options.port}`;
	const started = performance.now();
	const child = spawn(process.execPath, ['src/server.ts'], {
		cwd: ROOT,
		env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', ...options.env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout!.on('data', (chunk) => (log += chunk));
	child.stderr!.on('data', (chunk) => (log += chunk));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal }))
	);
	const deadline = started + (options.timeoutMs ?? 120_000);
	for (;;) {
		if (child.exitCode !== null) throw new Error(`atlas exited early (${child.exitCode}):\n${log}`);
		try {
			const response = await fetch(`${url}/api/v1/municipalities/046007`);
			if (response.ok) break;
		} catch {
			/* not listening yet */
		}
		if (performance.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`atlas did not answer within ${options.timeoutMs ?? 120_000} ms:\n${log}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	const readyAfterMs = performance.now() - started;
	return {
		child,
		url,
		output: () => log,
		readyAfterMs,
		async stop(signal = 'SIGTERM') {
			const stopping = performance.now();
			child.kill(signal);
			const result = await exited;
			return { ...result, afterMs: performance.now() - stopping };
		}
	};
}
