import { createHash } from 'node:crypto';
import type { AtlasData } from '../../geodata/build.ts';
import { liftStatementTimeout, type Database, type Queryable } from './engine.ts';
import { saveIntervention, setActor } from './save-intervention.ts';

/** Basemap regions are simplified to about 50 m: enough for land and sea at the atlas's zooms. */
const REGION_SIMPLIFY_DEGREES = 0.0005;

export function contentHash(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/**
 * Loads a geodata build into the database in one transaction, replacing what was there.
 * Returns false, touching nothing, when this very build is already loaded.
 */
export async function loadAtlasData(db: Database, data: AtlasData, hash: string): Promise<boolean> {
	const [current] = await db.query<{ province: string; content_sha256: string }>(
		'select province, content_sha256 from public.dataset_load where id = 1'
	);
	if (current?.content_sha256 === hash && current.province === data.province) return false;

	await db.transaction(async (tx) => {
		await liftStatementTimeout(tx);
		// Layers and snapshots cascade to their features and coverage rows.
		await tx.exec(
			`delete from public.municipality; delete from public.region; delete from public.data_source;
			 delete from public.layer; delete from public.broadband_snapshot;`
		);
		// A build from before the national context says nothing of it; one without it (null) clears it.
		if (data.nationalContext !== undefined) {
			await tx.exec(
				'delete from public.national_municipality; delete from public.national_context;'
			);
			if (data.nationalContext) await loadNationalContext(tx, data.nationalContext);
		}
		for (const m of data.municipalities) {
			await tx.query(
				`insert into public.municipality (istat, name, province, area_km2, population, population_year, geom)
				 values ($1, $2, $3, $4, $5, $6, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($7), 4326)))`,
				[
					m.istat,
					m.name,
					data.province,
					m.areaKm2,
					m.population,
					m.populationYear,
					JSON.stringify(m.geometry)
				]
			);
		}
		for (const r of data.regions) {
			await tx.query(
				`insert into public.region (code, name, geom)
				 values ($1, $2, ST_Multi(ST_CollectionExtract(ST_MakeValid(
				   ST_SimplifyPreserveTopology(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326), $4)), 3)))`,
				[r.code, r.name, JSON.stringify(r.geometry), REGION_SIMPLIFY_DEGREES]
			);
		}
		for (const s of data.broadband.snapshots) {
			await tx.query(
				'insert into public.broadband_snapshot (snapshot, file, upstream, sha256) values ($1, $2, $3, $4)',
				[s.date, s.file, s.upstream, s.sha256]
			);
		}
		for (const r of data.broadband.records) {
			await tx.query(
				`insert into public.broadband_coverage (istat, snapshot, cells_fixed, addresses_fixed, cells_ftth,
					addresses_ftth, cells_fttc, households_resident, households_ftth)
				 values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				[
					r.istat,
					r.snapshot,
					r.cellsFixed,
					r.addressesFixed,
					r.cellsFtth,
					r.addressesFtth,
					r.cellsFttc,
					r.householdsResident,
					r.householdsFtth
				]
			);
		}
		const latestSnapshot = data.broadband.snapshots.at(-1)?.date ?? null;
		for (const [order, layer] of data.layers.entries()) {
			await tx.query(
				`insert into public.layer (id, theme, sort_order, title, description, method, gaps, precision, licence, sources, data_date)
				 values ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, $6::text::jsonb, $7::text::jsonb, $8::text::jsonb, $9::text::jsonb, $10::text::jsonb, $11)`,
				// ::text::jsonb: drivers that serialise jsonb parameters themselves would double-encode the string.
				[
					layer.id,
					layer.theme,
					order,
					JSON.stringify(layer.title),
					JSON.stringify(layer.description),
					JSON.stringify(layer.method),
					JSON.stringify(layer.gaps),
					JSON.stringify(layer.precision),
					JSON.stringify(layer.licence),
					JSON.stringify(layer.sources),
					layer.id === 'broadband'
						? latestSnapshot
						: layer.id === 'national-broadband'
							? (data.nationalContext?.broadbandSnapshot ?? null)
							: null
				]
			);
		}
		for (const { layer, properties, geometry } of data.layerFeatures) {
			const {
				id,
				kind,
				name,
				source,
				source_date,
				licence,
				precision,
				owner,
				municipalities,
				...rest
			} = properties;
			await tx.query(
				`insert into public.layer_feature (layer_id, feature_id, kind, name, properties, source, source_date,
					licence, precision, owner, municipalities, geom)
				 values ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9, $10, $11, ST_SetSRID(ST_GeomFromGeoJSON($12), 4326))`,
				[
					layer,
					id,
					kind,
					name,
					JSON.stringify(rest),
					source,
					source_date,
					licence,
					precision,
					owner,
					municipalities,
					JSON.stringify(geometry)
				]
			);
		}
		for (const s of data.sources) {
			await tx.query(
				`insert into public.data_source (id, title, upstream, version, read_from, sha256, licence, attribution, owner)
				 values ($1, $2::text::jsonb, $3, $4::text::jsonb, $5, $6, $7::text::jsonb, $8::text::jsonb, $9)`,
				[
					s.id,
					JSON.stringify(s.title),
					s.upstream,
					JSON.stringify(s.version),
					s.readFrom,
					s.sha256,
					JSON.stringify(s.licence),
					JSON.stringify(s.attribution),
					s.owner
				]
			);
		}
		// The finder's static inputs (nearest stations, points) follow the geodata they come from.
		await tx.query('select public.refresh_opportunity_sites()');
		// Seed interventions are kept in step with the build; imported and adopted ones are left alone.
		await setActor(tx, 'geodata build');
		for (const intervention of data.interventions) await saveIntervention(tx, intervention, 'seed');
		await tx.query(`delete from public.intervention where origin = 'seed' and not (id = any($1))`, [
			data.interventions.map((i) => i.id)
		]);
		// A build from before the statements existed says nothing of them: they are left as they are.
		if (data.ambitoStatements) await loadAmbitoStatements(tx, data.ambitoStatements);
		await tx.query(
			`insert into public.dataset_load (id, province, content_sha256) values (1, $1, $2)
			 on conflict (id) do update set province = excluded.province, content_sha256 = excluded.content_sha256, loaded_at = now()`,
			[data.province, hash]
		);
	});
	return true;
}

/** Rows per statement: one JSON parameter of about a megabyte each. */
const NATIONAL_BATCH = 1000;

/** Every Italian municipality, in batches (one statement per row would take PGlite minutes). */
async function loadNationalContext(
	tx: Queryable,
	national: NonNullable<AtlasData['nationalContext']>
) {
	await tx.query('insert into public.national_context (id, broadband_snapshot) values (1, $1)', [
		national.broadbandSnapshot
	]);
	for (let start = 0; start < national.municipalities.length; start += NATIONAL_BATCH) {
		const batch = national.municipalities.slice(start, start + NATIONAL_BATCH);
		await tx.query(
			`insert into public.national_municipality (istat, name, province_code, region_code, region_name,
				households_resident, households_ftth, ftth_share, ftth_reliability, pnrr_projects, geom)
			 select m.istat, m.name, m.province, m.region, m."regionName", m."householdsResident",
				m."householdsFtth", m."ftthShare", m."ftthReliability", m."pnrrProjects",
				-- Simplifying can make a ring cross itself: repaired here, as the regions are.
				ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(m.geometry), 4326)), 3))
			 from json_to_recordset($1::text::json) as m(istat text, name text, province text, region text,
				"regionName" text, "householdsResident" integer, "householdsFtth" integer,
				"ftthShare" double precision, "ftthReliability" text, "pnrrProjects" integer, geometry text)`,
			[JSON.stringify(batch)]
		);
	}
}

/**
 * The curated statements on the ambiti: kept in step with the build until a reviewer edits one
 * (then the reviewer's wording stays); a seed statement the build no longer has goes, unless edited.
 */
async function loadAmbitoStatements(tx: Queryable, statements: AtlasData['ambitoStatements']) {
	for (const s of statements)
		await tx.query(
			`insert into public.ambito_statement (id, ambito_code, kind, text_it, text_en, source_title,
				source_url, source_date, source_licence, precision, position, origin)
			 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'seed')
			 on conflict (id) do update set ambito_code = excluded.ambito_code, kind = excluded.kind,
				text_it = excluded.text_it, text_en = excluded.text_en, source_title = excluded.source_title,
				source_url = excluded.source_url, source_date = excluded.source_date,
				source_licence = excluded.source_licence, precision = excluded.precision,
				position = excluded.position
			 where ambito_statement.origin = 'seed' and not ambito_statement.edited`,
			[
				s.id,
				s.ambito,
				s.kind,
				s.text.it,
				s.text.en,
				s.source.title,
				s.source.url,
				s.source.date,
				s.source.licence,
				s.precision,
				s.position
			]
		);
	await tx.query(
		`delete from public.ambito_statement
		 where origin = 'seed' and not edited and not (id = any($1::text[]))`,
		[statements.map((s) => s.id)]
	);
}
