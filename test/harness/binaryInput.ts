import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InformaticaIdmc } from '../../nodes/InformaticaIdmc/InformaticaIdmc.node';

/** The real node, fed binary input: the harness's input node emits JSON only, so base64 in `zip` becomes binary `data`. */
export class InformaticaIdmcWithBinaryInput extends InformaticaIdmc {
	constructor() {
		super();
		this.description = { ...this.description, name: 'informaticaIdmcWithBinaryInput' };
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		for (const item of this.getInputData()) {
			if (typeof item.json.zip === 'string') {
				item.binary = { data: await this.helpers.prepareBinaryData(Buffer.from(item.json.zip, 'base64'), 'export.zip', 'application/zip') };
			}
		}
		return await InformaticaIdmc.prototype.execute.call(this);
	}
}
