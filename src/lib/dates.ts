// One formatter for the process: making an Intl.DateTimeFormat costs far more than using one, and
// the cache asks for today's date on every request.
const ITALY = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Rome',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

let known: { second: number; day: string } | undefined;

/** Today's date in Italy (YYYY-MM-DD): the day the plan's deadlines are counted in. */
export function todayInItaly(now = new Date()): string {
	// Worked out once a second at most: the front desk asks for it on every request.
	const second = Math.floor(now.getTime() / 1000);
	if (known?.second !== second) known = { second, day: ITALY.format(now) };
	return known.day;
}
