/** A resource locator parameter as n8n saves it: `rl(id)` is a value picked "By ID", `rl(id, 'list')` "From List". */
export const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });
