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
	labelHalo: '#ffffff'
};

/** The family name the map's own labels use, served from the atlas itself (works offline). */
export const LABEL_FONT = 'Atlas Noto Sans';
