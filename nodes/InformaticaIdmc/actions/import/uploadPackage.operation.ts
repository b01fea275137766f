import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { importOutcome } from '../../outcome';
import { informaticaRequest } from '../../transport';
import { flag } from '../../../shared/parameters';

const show = { resource: ['import'], operation: ['uploadPackage'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field that holds the export package (ZIP)',
		displayOptions: { show },
	},
	{
		displayName: 'Relax Checksum',
		name: 'relaxChecksum',
		type: 'boolean',
		default: false,
		description: 'Whether to accept a package whose checksum is not valid (for example one that was changed after the export)',
		displayOptions: { show },
	},
];

/** One multipart/form-data body, built by hand: a file part named `package`, and text fields. */
export function multipartBody(file: { data: Buffer; fileName: string; mimeType: string }, fields: Record<string, string>): { body: Buffer; contentType: string } {
	const boundary = `----n8nInformaticaImport${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const quote = (value: string) => value.replace(/["\r\n\\]/g, '_');
	const chunks: Buffer[] = [
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="package"; filename="${quote(file.fileName)}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`,
		),
		file.data,
		Buffer.from('\r\n'),
	];
	for (const [name, value] of Object.entries(fields)) {
		chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST import/package: uploads the export ZIP; the answer's jobId is the import job to start. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
	if (!property) {
		throw new NodeOperationError(this.getNode(), '"Input Binary Field" is required', { itemIndex });
	}
	const binary = this.helpers.assertBinaryData(itemIndex, property);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	if (data.length === 0) {
		throw new NodeOperationError(this.getNode(), `The binary field "${property}" is empty`, { itemIndex, description: 'Pass the export package ZIP.' });
	}
	const relaxChecksum = flag(this, itemIndex, 'relaxChecksum', false);
	const fileName = binary.fileName ?? 'package.zip';
	const { body, contentType } = multipartBody(
		{ data, fileName, mimeType: binary.mimeType || 'application/zip' },
		relaxChecksum ? { relaxChecksum: 'true' } : {},
	);
	const answer = await informaticaRequest<IDataObject>(
		this,
		{
			family: 'v3',
			method: 'POST',
			path: '/import/package',
			body,
			headers: { 'Content-Type': contentType },
			timeoutMs: 300_000,
			action: `uploading import package ${fileName}`,
		},
		{ itemIndex },
	);
	const outcome = importOutcome(answer);
	return { ...answer, fileName, outcome: outcome.status, rawStatus: outcome.rawStatus };
}
