import type { InterventionProgress } from '#lib/types.ts';

/** Every colour the map uses, in one place. */
export interface Theme {
	sea: string;
	land: string;
	landOutside: string;
	regionBoundary: string;
	provinceOutline: string;
	municipalityFill: string;
	municipalityHover: string;
	municipalitySelected: string;
	municipalityLine: string;
	municipalitySelectedLine: string;
	label: string;
	labelHalo: string;
	/** Sequential classes, light to dark: ColorBrewer YlGnBu, safe for colour-blind readers. */
	sequential: readonly [string, string, string, string, string];
	noData: string;
	unreliable: string;
	choroplethLine: string;
	/** One colour per point layer (orange and magenta stay apart for colour-blind readers). */
	layerColors: Record<string, string>;
	rail: string;
	railCasing: string;
	bottleneck: string;
	/** One colour per district sector (ColorBrewer qualitative: Dark2, Paired, Set1). */
	districtColors: Record<'paper' | 'stone' | 'nautical' | 'footwear' | 'mechanics', string>;
	estimatedFill: string;
	/**
	 * One colour per ambito d'intervento, 1 to 8 (Okabe–Ito, distinguishable with colour-blindness),
	 * and grey for interventions no ambito has been given to yet.
	 */
	ambitoColors: readonly [string, string, string, string, string, string, string, string];
	ambitoUnassigned: string;
	/** Text drawn on each ambito colour (its number on a badge): whichever of black and white reads. */
	ambitoInk: readonly [string, string, string, string, string, string, string, string];
	/**
	 * One colour per stato di avanzamento (Okabe–Ito): late and at risk warm, on time and completed
	 * cool, grey where no adopted plan monitors the intervention.
	 */
	progressColors: Record<InterventionProgress['progress'], string>;
	/** PNRR projects per municipality, few to many: ColorBrewer Purples, apart from the FTTH blues. */
	pnrrSequential: readonly [string, string, string, string, string];
	/** The national context is drawn at this opacity, so the province's own layers stand out. */
	contextOpacity: number;
	contextLine: string;
	/** Region boundaries over the national context: darker than the basemap's, to read over fills. */
	contextRegionLine: string;
	/** Observations from the territory: a dark teal no other layer uses. */
	observation: string;
	/** A planner's proposal: a colour no thematic layer uses, so a sketch never looks like data. */
	proposal: string;
	proposalHalo: string;
	/**
	 * Areas (districts, intervention areas) drawn over a choropleth: outline and hatch in a dark
	 * brown, a hue none of the choropleths' classes use (CIEDE2000 distance ≥ 40 from each).
	 */
	areaOverChoropleth: string;
}

export const lightTheme: Theme = {
	sea: '#cfe3ef',
	land: '#ebe7de',
	landOutside: '#ebe7de',
	regionBoundary: '#b9b2a3',
	provinceOutline: '#5b4b8a',
	municipalityFill: '#ffffff',
	municipalityHover: '#e8c547',
	municipalitySelected: '#5b4b8a',
	municipalityLine: '#7a7466',
	municipalitySelectedLine: '#2e2250',
	label: '#2b2a27',
	labelHalo: '#ffffff',
	sequential: ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'],
	noData: '#d9d9d9',
	unreliable: '#f4a6a6',
	choroplethLine: '#ffffff',
	layerColors: { 'technology-poles': '#d95f02', puccini: '#a6147a' },
	estimatedFill: '#ffffff',
	rail: '#3d3d3d',
	railCasing: '#ffffff',
	bottleneck: '#d7191c',
	ambitoColors: [
		'#0072b2',
		'#009e73',
		'#56b4e9',
		'#e69f00',
		'#cc79a7',
		'#d55e00',
		'#f0e442',
		'#000000'
	],
	ambitoUnassigned: '#8c8c8c',
	ambitoInk: [
		'#ffffff',
		'#000000',
		'#000000',
		'#000000',
		'#000000',
		'#000000',
		'#000000',
		'#ffffff'
	],
	progressColors: {
		late: '#d55e00',
		at_risk: '#e69f00',
		on_time: '#0072b2',
		completed: '#009e73',
		not_monitored: '#8c8c8c'
	},
	pnrrSequential: ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'],
	contextOpacity: 0.5,
	contextLine: '#ffffff',
	contextRegionLine: '#6b6558',
	observation: '#01665e',
	proposal: '#c2185b',
	proposalHalo: '#ffffff',
	areaOverChoropleth: '#7f3b08',
	// Dark2 and Set1/Paired picks that stay apart (CIEDE2000 ≥ 10) under protanopia, deuteranopia
	// and tritanopia too (tests/unit/palette.test.ts); Dark2's grey was lost beside its teal.
	districtColors: {
		paper: '#1b9e77',
		stone: '#6a3d9a',
		nautical: '#377eb8',
		footwear: '#e6ab02',
		mechanics: '#a6761d'
	}
};

/** The family name the map's own labels use, served from the atlas itself (works offline). */
export const LABEL_FONT = 'Atlas Noto Sans';
