/** Moves Date.now (used by both the in-process sandbox and the trigger engine) forward, to act out time passing. */
const realNow = Date.now.bind(Date);
let offset = 0;
export function jump(ms: number): void {
	offset += ms;
	Date.now = () => realNow() + offset;
}
export function resetClock(): void {
	offset = 0;
	Date.now = realNow;
}
