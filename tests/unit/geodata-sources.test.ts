import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchSource, sha256Of } from '../../src/lib/geodata/fetch-source.ts';
import { expandTemplate, parseManifest } from '../../src/lib/geodata/manifest.ts';
import type { Source } from '../../src/lib/geodata/manifest.ts';

function mirrorWith(files: Record<string, string>) {
	const dir = mkdtempSync(path.join(tmpdir(), 'mirror-'));
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		writeFileSync(path.join(dir, name), text);
	}
	return dir;
}

const source = (sha256?: Record<string, string>): Source => ({
	title: { it: 't', en: 't' },
	upstream: 'https://upstream.invalid/limits_P_{province_number}.geojson',
	version: { it: 'v', en: 'v' },
	mirror: 'p/limits_P_{province_number}.geojson',
	sha256,
	licence: { it: 'CC BY 4.0', en: 'CC BY 4.0' },
	attribution: { it: 'Fonte: o', en: 'Source: o' },
	names: ['o'],
	owner: 'o'
});

describe('fetchSource', () => {
	it('reads the mirror when upstream is unreachable and checks the pinned sha256', async () => {
		const dir = mirrorWith({ 'p/limits_P_46.geojson': '{"ok":true}' });
		const fetched = await fetchSource(source({ '046': sha256Of('{"ok":true}') }), {
			province: '046',
			mirrorDir: dir,
			offline: true
		});
		expect(fetched.text).toBe('{"ok":true}');
		expect(fetched.upstream).toBe('https://upstream.invalid/limits_P_46.geojson');
		expect(fetched.readFrom).toBe(path.join(dir, 'p/limits_P_46.geojson'));
	});
	it('stops on a corrupt file, naming it', async () => {
		const dir = mirrorWith({ 'p/limits_P_46.geojson': '{"ok":false}' });
		await expect(
			fetchSource(source({ '046': sha256Of('{"ok":true}') }), {
				province: '046',
				mirrorDir: dir,
				offline: true
			})
		).rejects.toThrowError(
			/limits_P_46\.geojson: corrupt: sha256 is [0-9a-f]{64}, the manifest pins/
		);
	});
	it('stops on a missing file, naming it and upstream', async () => {
		const dir = mirrorWith({});
		await expect(
			fetchSource(source(), { province: '046', mirrorDir: dir, offline: true })
		).rejects.toThrowError(
			/limits_P_46\.geojson: missing: upstream https:\/\/upstream\.invalid\/limits_P_46\.geojson could not be reached/
		);
	});
	it('falls back to the mirror when upstream cannot be reached', async () => {
		const dir = mirrorWith({ 'p/limits_P_46.geojson': 'x' });
		const fetched = await fetchSource(source(), {
			province: '046',
			mirrorDir: dir,
			upstreamTimeoutMs: 500
		});
		expect(fetched.readFrom).toBe(path.join(dir, 'p/limits_P_46.geojson'));
	});
});

describe('manifest', () => {
	it('expands province templates', () => {
		expect(expandTemplate('P_{province_number}/{province}', '009')).toBe('P_9/009');
	});
	it('rejects a manifest whose source lacks a licence, naming the field', () => {
		const manifest = { sources: { 'municipal-boundaries': { ...source(), licence: undefined } } };
		expect(() => parseManifest(JSON.stringify(manifest), 'm.json')).toThrowError(
			/^m\.json, field "sources\.municipal-boundaries\.licence"/
		);
	});
});
