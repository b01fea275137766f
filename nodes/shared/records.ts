import type { IDataObject } from 'n8n-workflow';

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/**
 * `{ ...record, ...extra }` for an answer parsed from JSON, built on a fresh object. Under Node 20 (the n8n 1.x
 * line) V8 adds properties to a copy of a `JSON.parse` result on a slow path: about 10 µs for one status answer with
 * the outcome fields on top, against under 1 µs this way (bench section 1 measures it per item). A `__proto__` key in
 * the answer stays a plain field, as in the spread; `extra` holds the package's own field names.
 */
export function withFields(record: IDataObject, extra?: IDataObject): IDataObject {
	const out: IDataObject = hasOwn(record, '__proto__') ? { ...record } : Object.assign({}, record);
	return extra ? Object.assign(out, extra) : out;
}

/** Sets `out[key]`, a `__proto__` key as a plain field (an assignment would set the object's prototype). */
export function setField(out: IDataObject, key: string, value: unknown): void {
	if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
	else out[key] = value as IDataObject[keyof IDataObject];
}
