import type { ICredentialDataDecryptedObject, ICredentialTestRequest, IDataObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

/** The per-call time bound every credential offers, read by `applyRequestTimeout`. */
export function requestTimeoutProperty(): INodeProperties {
	return {
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'How long one API call may take before it counts as failed. Reads are then retried; a start is not (it may have started the job).',
	};
}

/** The TLS switch, read by `applyIgnoreSslIssues`; the description names what this vendor's installs look like. */
export function ignoreSslIssuesProperty(description: string): INodeProperties {
	return {
		displayName: 'Ignore SSL Issues (Insecure)',
		name: 'ignoreSslIssues',
		type: 'boolean',
		default: false,
		description,
	};
}

export function isAbsoluteUrl(url: string): boolean {
	return /^https?:\/\//i.test(url);
}

/** A copy of the request with a headers object of its own, so `authenticate` never writes into the caller's. */
export function copyRequest(requestOptions: IHttpRequestOptions): IHttpRequestOptions {
	return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}) } };
}

/** Sets the request's timeout from the credential's `requestTimeoutSeconds` and hands the request back. */
export function applyRequestTimeout(credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions): IHttpRequestOptions {
	const timeout = Number(credentials.requestTimeoutSeconds);
	if (timeout > 0) options.timeout = timeout * 1000;
	return options;
}

export function applyIgnoreSslIssues(credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions): void {
	if (credentials.ignoreSslIssues === true) options.skipSslCertificateValidation = true;
}

/** The credential test: one GET against a path below the API root that `authenticate` resolves. */
export function credentialTest(url: string, qs?: IDataObject): ICredentialTestRequest {
	return { request: { method: 'GET', url, ...(qs ? { qs } : {}) } };
}
