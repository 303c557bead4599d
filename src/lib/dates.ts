/** Today's date in Italy (YYYY-MM-DD): the day the plan's deadlines are counted in. */
export function todayInItaly(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Rome',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
}
