import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startAtlas } from '../support/server-process.ts';

test('SIGTERM closes the embedded database cleanly and the data directory reopens', async () => {
	test.setTimeout(180_000);
	const dataDir = mkdtempSync(path.join(tmpdir(), 'atlas-lifecycle-'));
	const env = {
		ATLAS_PGLITE_DIR: dataDir,
		ATLAS_BASEMAP_STYLE_URL: 'https://basemap.invalid/style.json'
	};
	try {
		const first = await startAtlas({ port: 4391, env });
		expect(readdirSync(dataDir)).toContain('PG_VERSION');
		const stopped = await first.stop('SIGTERM');
		expect(stopped.code, first.output()).toBe(0);
		expect(stopped.afterMs).toBeLessThan(10_000);

		const second = await startAtlas({ port: 4391, env });
		const response = await fetch(`${second.url}/api/v1/municipalities`);
		expect((await response.json()).features).toHaveLength(33);
		expect((await second.stop('SIGTERM')).code).toBe(0);
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});
