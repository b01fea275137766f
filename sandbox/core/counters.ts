export interface CountersSnapshot {
	/** Keyed `METHOD pattern`, e.g. `POST /ma/api/v2/user/login`; requests without a route count as `METHOD (no route)`. */
	requests: Record<string, number>;
	total: number;
	logins: number;
	logouts: number;
	expiries: number;
	/** Keyed `family:jobKey`. */
	starts: Record<string, number>;
	/** Accepted stop/cancel calls, keyed `family:jobKey`. */
	stops: Record<string, number>;
	/** The same, keyed `family:jobKey:runKey`, for vendors whose jobs have runs. */
	runStops: Record<string, number>;
	faultsInjected: number;
}

export class Counters {
	private data: CountersSnapshot = Counters.empty();

	private static empty(): CountersSnapshot {
		return { requests: {}, total: 0, logins: 0, logouts: 0, expiries: 0, starts: {}, stops: {}, runStops: {}, faultsInjected: 0 };
	}

	request(key: string): void {
		this.data.requests[key] = (this.data.requests[key] ?? 0) + 1;
		this.data.total++;
	}

	/** Call when a job start is accepted. */
	start(family: string, key: string | number): void {
		const k = `${family}:${key}`;
		this.data.starts[k] = (this.data.starts[k] ?? 0) + 1;
	}

	/** Call when a stop or cancel is accepted; `run` where the vendor's job has runs (run id, history id). */
	stop(family: string, key: string | number, run?: string | number): void {
		const k = `${family}:${key}`;
		this.data.stops[k] = (this.data.stops[k] ?? 0) + 1;
		if (run === undefined) return;
		this.data.runStops[`${k}:${run}`] = (this.data.runStops[`${k}:${run}`] ?? 0) + 1;
	}

	login(): void {
		this.data.logins++;
	}

	logout(): void {
		this.data.logouts++;
	}

	expiry(): void {
		this.data.expiries++;
	}

	faultInjected(): void {
		this.data.faultsInjected++;
	}

	snapshot(): CountersSnapshot {
		return JSON.parse(JSON.stringify(this.data)) as CountersSnapshot;
	}

	reset(): void {
		this.data = Counters.empty();
	}
}
