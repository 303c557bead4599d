// Shapes of the atlas's data as the server returns it (shared by server and components).

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

export interface SourceInfo {
	id: string;
	title: string;
	upstream: string;
	version: string;
	licence: string;
	attribution: string;
	owner: string;
}

export interface ProvinceInfo {
	code: string;
	municipality_count: number;
	area_km2: number;
	bbox: [number, number, number, number];
}
