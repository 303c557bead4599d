import type { Lang } from '#lib/i18n/index.ts';

declare global {
	namespace App {
		interface Locals {
			lang: Lang;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
