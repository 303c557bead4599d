// Shapes of the atlas's data as the server returns it (shared by server and components).

/** A text of the atlas's own in both its languages. */
export interface Bilingual {
	it: string;
	en: string;
}

/** Facts about one municipality; null figures are unknown ("dato non disponibile"), never zero. */
export interface MunicipalityFacts {
	istat: string;
	name: string;
	province: string;
	area_km2: number;
	population: number | null;
	population_year: number | null;
	density_per_km2: number | null;
}

export interface MunicipalityRef {
	istat: string;
	name: string;
}

export interface MunicipalitySummary extends MunicipalityFacts {
	/** [west, south, east, north] */
	bbox: [number, number, number, number];
	/** A point inside the municipality, where its name is drawn. */
	label_point: [number, number];
}

export interface MunicipalityProfile extends MunicipalitySummary {
	neighbours: MunicipalityRef[];
}

/**
 * A dataset the atlas was built from. Its title, licence and attribution are the atlas's words in
 * both languages; the owners' names inside them are written as their owners write them.
 */
export interface SourceInfo {
	id: string;
	title: Bilingual;
	upstream: string;
	version: Bilingual;
	licence: Bilingual;
	attribution: Bilingual;
	owner: string;
}

export interface ProvinceInfo {
	code: string;
	municipality_count: number;
	area_km2: number;
	bbox: [number, number, number, number];
}

export const BROADBAND_INDICATORS = [
	'ftth_household_share',
	'addresses_fixed',
	'addresses_ftth',
	'addresses_ftth_change'
] as const;
export type BroadbandIndicator = (typeof BROADBAND_INDICATORS)[number];

/** One municipality in the broadband layer: the latest AGCOM snapshot and the change from the one before. */
export interface BroadbandProperties {
	istat: string;
	name: string;
	/** The AGCOM report the figures come from. */
	source: string;
	/** Figures are per municipality, over its ISTAT boundary. */
	precision: 'municipality';
	snapshot: string;
	previous_snapshot: string | null;
	/** Share of resident households reached by FTTH, %; null when unavailable or unreliable. */
	ftth_household_share: number | null;
	ftth_household_share_reliability: 'ok' | 'unreliable' | 'unavailable';
	households_resident: number | null;
	households_ftth: number | null;
	addresses_fixed: number | null;
	addresses_ftth: number | null;
	/** FTTH addresses in this snapshot minus the previous one; null when either is unknown. */
	addresses_ftth_change: number | null;
}

/** Where a layer comes from: its owner's name (as they write it, the map prints it), what it is, where. */
export interface LayerSource {
	owner: string;
	title: Bilingual;
	url: string;
}

export interface LayerInfo {
	id: string;
	theme: string;
	title: { it: string; en: string };
	description: { it: string; en: string };
	method: { it: string; en: string };
	gaps: { it: string; en: string };
	precision: Bilingual;
	licence: Bilingual;
	sources: LayerSource[];
	/** The date of the data shown (the latest snapshot for broadband). */
	data_date: string | null;
}

/** A feature of a curated layer, as the API serves it: always with its source and precision. */
export interface LayerFeatureProperties {
	layer: string;
	id: string;
	kind: string;
	name: string;
	source: string;
	source_date: string | null;
	/** The licence in Italian, and in English (absent on features written before it was asked). */
	licence: string;
	licence_en?: string;
	precision: string;
	/** True when the position is an estimate or the trace schematic ("posizione indicativa"). */
	estimated: boolean;
	owner: string;
	/** The owner in English (absent on features written before it was asked). */
	owner_en?: string;
	municipalities: MunicipalityRef[];
	[key: string]: unknown;
}

/** One of the 8 ambiti d'intervento of the protocol. */
export interface AmbitoInfo {
	code: number;
	slug: string;
	name: { it: string; en: string };
	/** Interventions with this primary ambito. */
	interventions: number;
}

/** What a source of the plan says of an ambito: its context, a strength or a weakness. */
export interface AmbitoStatementRecord {
	id: string;
	kind: 'context' | 'strength' | 'weakness';
	text: { it: string; en: string | null };
	source: { title: string; url: string | null; date: string; licence: string | null };
	/** quotation: the source's words; summary: the atlas editors' summary of what it says. */
	precision: 'quotation' | 'summary';
	position: number;
	version: number;
	/** Changed by a reviewer since the build seeded it (or written by one). */
	edited: boolean;
	updated_at: string;
}

/** A figure of the atlas that bears on an ambito, with where it comes from. */
export interface AmbitoFigure {
	key:
		| 'ftth_households'
		| 'bottlenecks'
		| 'stations'
		| 'districts'
		| 'technology_poles'
		| 'puccini_places'
		| 'puccini_itineraries';
	/** Null when the atlas has no figure ("dato non disponibile"). */
	value: number | null;
	unit: 'percent' | 'count';
	/** The layer the figure counts, to open on the map. */
	layer: string | null;
	/** For a share: the municipalities it is computed on, and how many the province has. */
	coverage: { used: number; of: number } | null;
	/** title: the build's record of the source, the layer's title, or the feature's own reference. */
	source: { title: Bilingual; url: string | null; date: string | null };
}

export interface AmbitoStatementChange {
	statement_id: string;
	changed_by: string;
	changed_at: string;
	operation: 'insert' | 'update' | 'delete';
}

/** Everything an ambito's page shows. */
export interface AmbitoProfile {
	ambito: AmbitoInfo;
	statements: AmbitoStatementRecord[];
	/** The protocol's guidelines, with how many of this ambito's interventions follow each. */
	guidelines: { code: number; name: { it: string; en: string }; interventions: number }[];
	figures: AmbitoFigure[];
	history: AmbitoStatementChange[];
}

/** A quarter's work plan, as its readers see it. */
export interface WorkPlan {
	id: string;
	status: 'draft' | 'adopted' | 'closed';
	starts_on: string;
	ends_on: string;
	summary_it: string | null;
	version: number;
	created_by: string | null;
	adopted_by: string | null;
	adopted_at: string | null;
	closed_by: string | null;
	closed_at: string | null;
	items: WorkPlanItem[];
	events: {
		action: 'created' | 'edited' | 'adopted' | 'closed';
		actor: string | null;
		at: string;
	}[];
}

export interface WorkPlanItem {
	id: string;
	phase: string;
	ambito: number;
	interventions: {
		id: string;
		code: string;
		title: string | null;
		expected_spend_eur: number | null;
		actual_spend_eur: number | null;
		actual_spend_source: string | null;
	}[];
	milestones: WorkPlanMilestone[];
}

export interface WorkPlanMilestone {
	id: string;
	title: string;
	due_on: string;
	owner_body: string;
	intervention_id: string | null;
	outcome: 'done' | 'late' | 'dropped' | null;
	outcome_on: string | null;
	outcome_note: string | null;
}

/** One line of the list of quarters. */
export interface WorkPlanSummary {
	id: string;
	status: WorkPlan['status'];
	starts_on: string;
	ends_on: string;
	items: number;
	milestones: number;
	adopted_at: string | null;
	closed_at: string | null;
}

/** A member's role in the plan: the comitato operativo is `operativo`, the cabina di regia `reviewer`. */
export const ROLES = [
	'stakeholder',
	'planner',
	'operativo',
	'moderator',
	'reviewer',
	'admin'
] as const;

/** An intervention's progress by the monitoring rules (src/lib/monitoring.ts), with the rule that fired. */
export interface InterventionProgress {
	id: string;
	code: string;
	title: string;
	ambito: number | null;
	status: string | null;
	cost_eur: number | null;
	progress: 'completed' | 'late' | 'at_risk' | 'on_time' | 'not_monitored';
	rule:
		'completed' | 'open_past_due' | 'closed_late' | 'due_soon' | 'on_schedule' | 'no_milestones';
	/** The milestone that fired the rule, when one did. */
	milestone: { quarter: string; title: string; due_on: string; outcome_on: string | null } | null;
	/** The quarters whose adopted or closed plans concern it. */
	quarters: string[];
	expected_spend_eur: number | null;
	actual_spend_eur: number | null;
}

export const INTERVENTION_STATUSES = [
	'idea',
	'planned',
	'financed',
	'in_progress',
	'completed',
	'suspended'
] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

export const FUNDING_KINDS = [
	'pnrr',
	'fesr-2021-2027',
	'fsc',
	'state',
	'regional',
	'municipal',
	'private',
	'other'
] as const;

export interface InterventionFilter {
	ambito?: number[];
	/** Only interventions no ambito has been given to yet. */
	unassignedAmbito?: boolean;
	guideline?: number[];
	status?: InterventionStatus[];
	funding?: string[];
	municipality?: string;
	/** Shown in this year: between start and end (see the README). */
	year?: number;
	bbox?: [number, number, number, number];
}

export interface InterventionSummary {
	id: string;
	code: string;
	title_it: string | null;
	title_en: string | null;
	primary_ambito: number | null;
	secondary_ambiti: number[];
	guidelines: number[];
	status: InterventionStatus | null;
	start_date: string | null;
	end_date: string | null;
	start_year: number | null;
	end_year: number | null;
	cost_eur: number | null;
	cup: string | null;
	/** The PNRR phase ReGiS publishes, as published, and the snapshot's date (both or neither). */
	regis_phase: string | null;
	regis_snapshot: string | null;
	funding_kinds: string[];
	municipalities: MunicipalityRef[];
	/** `layer/id` of the features it acts on. */
	features: string[];
	/** How its map position was found; null when it has none. */
	located_by: 'own' | 'features' | 'municipalities' | null;
}

export interface InterventionDetail extends InterventionSummary {
	description_it: string | null;
	description_en: string | null;
	context_it: string | null;
	context_en: string | null;
	status_source: string | null;
	cost_source: string | null;
	lead_body: string | null;
	actors: string[];
	sources: { title: string; url: string | null; date: string | null }[];
	funding: {
		kind: string;
		amount_eur: number | null;
		document: string;
		document_url: string | null;
		note: string | null;
	}[];
	linked_features: { layer: string; id: string; name: string | null; relation: string }[];
	history: { changed_at: string; changed_by: string; operation: string; changes: unknown }[];
	geometry: import('geojson').Geometry | null;
	created_at: string;
	updated_at: string;
}

/** What the municipality page tells a mayor, beyond the facts of MunicipalityProfile. */
export interface MunicipalityReport {
	indicators: import('./municipality-indicators.ts').Indicator[];
	/** The AGCOM snapshot the broadband figures come from. */
	broadband_snapshot: string | null;
	places: {
		layer: string;
		id: string;
		name: string;
		kind: string;
		precision: string;
		/** Listed as in the municipality by the source (districts: a member). */
		inside: boolean;
		/** Geodesic distance from the municipality's boundary, km (0 inside). */
		distance_km: number;
	}[];
	interventions: InterventionSummary[];
	by_ambito: {
		ambito: number | null;
		count: number;
		known_cost_eur: number;
		unknown_cost: number;
	}[];
	by_status: { status: string | null; count: number }[];
	/** Neighbours' figures, for comparison. */
	neighbour_figures: (import('./municipality-indicators.ts').MunicipalityFigures & {
		name: string;
	})[];
}

/** One search hit: what it is, its label, and where it leads (`target`). */
export interface SearchResult {
	kind: 'municipality' | 'place' | 'intervention';
	id: string;
	label: string;
	/** Place: its kind (technology-pole…); intervention: its code. */
	detail: string | null;
	/** Municipality: ISTAT code; place: `layer:id`; intervention: id. */
	target: string;
	score: number;
}

/** What every proposal page's map needs (built on the server, drawn by the proposal components). */
export interface ProposalMapContext {
	municipalities: MunicipalitySummary[];
	provinceBbox: [number, number, number, number];
	/** The municipalities' attribution in both languages (the page picks the reader's). */
	attribution: Bilingual;
	plan: { ambiti: AmbitoInfo[]; guidelines: { code: number; name: { it: string; en: string } }[] };
	/** FTTH share of each municipality (by ISTAT code) in the latest AGCOM snapshot; null: unknown. */
	broadband: { snapshot: string | null; ftth: Record<string, number | null> };
	basemap: { styleUrl: string; timeoutMs: number };
}

/** The items people support and comment on. */
export type ItemKind = 'observation' | 'proposal' | 'intervention';

export interface DiscussionComment {
	id: number;
	/** The top-level comment a reply answers; null for a top-level comment. */
	parent_id: number | null;
	author_name: string | null;
	body: string;
	/** Only moderators and the author ever receive a hidden one. */
	hidden: boolean;
	mine: boolean;
	created_at: string;
}

export interface ModerationStep {
	item_kind: 'observation' | 'comment';
	item_id: string;
	action: 'hide' | 'restore';
	reason: string | null;
	note: string | null;
	moderator_name: string | null;
	at: string;
}

/** An item's supports and comments, and the moderation steps the person may read. */
export interface Discussion {
	supports: number;
	/** Whether the person asking supports it. */
	supported: boolean;
	comments: DiscussionComment[];
	moderation: ModerationStep[];
}

export type ObservationStatus = 'open' | 'in_proposal' | 'answered';

export interface ObservationSummary {
	id: string;
	title: string;
	category: string;
	/** The ambito its category suggests (null for "other"). */
	ambito: number | null;
	status: ObservationStatus;
	/** Only moderators and the author ever see a hidden one. */
	hidden: boolean;
	author_name: string | null;
	municipalities: { istat: string; name: string }[];
	supports: number;
	/** Visible comments and replies. */
	comment_count: number;
	created_at: string;
}

export interface ObservationFilter {
	bbox?: [number, number, number, number];
	category?: string;
	ambito?: number;
	istat?: string;
	/** open, in_proposal, answered; "hidden" for moderators only (RLS decides what they see). */
	status?: ObservationStatus | 'hidden';
}

/** A category a stakeholder picks, with the ambito it suggests. */
export interface ObservationCategoryInfo {
	code: string;
	ambito: number | null;
	name: { it: string; en: string };
}

/** A municipality's value against a group's (its region, or Italy). */
export interface ComparisonCell {
	median: number | null;
	/** Share (0-100) of the group's municipalities with a strictly lower value; null if unknown. */
	percentile: number | null;
	/** Municipalities in the group with a known value. */
	count: number;
}

/** Every Italian municipality's known values of an indicator, sorted ascending. */
export interface NationalDistributions {
	/** AGCOM snapshot of the FTTH shares (YYYY-MM-DD). */
	broadband_snapshot: string;
	region_code: string;
	region_name: string;
	ftth_share: { region: number[]; italy: number[] };
	pnrr_projects: { region: number[]; italy: number[] };
}

export const NATIONAL_INDICATORS = ['ftth_share', 'pnrr_projects'] as const;

/**
 * The catalogue's national context layers: the same municipalities by a different figure, drawn
 * from vector tiles (7,899 polygons), not from one GeoJSON download.
 */
export const NATIONAL_LAYER_IDS = ['national-broadband', 'national-pnrr'] as const;
export const isNationalLayer = (id: string): id is (typeof NATIONAL_LAYER_IDS)[number] =>
	(NATIONAL_LAYER_IDS as readonly string[]).includes(id);
export type NationalIndicator = (typeof NATIONAL_INDICATORS)[number];

/** A municipality of the province compared with its region and with Italy. */
export interface NationalComparison {
	broadband_snapshot: string;
	region_name: string;
	rows: Array<{
		indicator: NationalIndicator;
		value: number | null;
		region: ComparisonCell;
		italy: ComparisonCell;
	}>;
}

/** What a list of the province's places says of the national context it is ranked in. */
export interface NationalContextSummary {
	broadband_snapshot: string;
	region_name: string;
	/** Whether the places' FTTH shares are of the same snapshot (else no percentile is given). */
	comparable: boolean;
	ftth_median_region: number | null;
	ftth_median_italy: number | null;
	/** Municipalities with a reliable FTTH share in the region and in Italy. */
	ftth_count_region: number;
	ftth_count_italy: number;
}

/** One Italian municipality of the national context layers (their GeoJSON and vector tiles). */
export interface NationalMunicipalityProperties {
	istat: string;
	name: string;
	province_code: string;
	region_code: string;
	region_name: string;
	households_resident: number | null;
	households_ftth: number | null;
	/** Under the province's reliability rule; null unless `ftth_reliability` is 'ok'. */
	ftth_share: number | null;
	ftth_reliability: 'ok' | 'unreliable' | 'unavailable';
	pnrr_projects: number;
	broadband_snapshot: string;
	/** The upstream of the layer's figure (AGCOM or OpenCUP), and what a feature's figure is. */
	source: string;
	precision: string;
}
