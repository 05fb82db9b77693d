/** PATX as a Model Context Protocol server (docs/mcp.md): the CLI's stdio server and the gateway's read-only /mcp route. */
export { mcpRoute } from './http-route.js';
export { MCP_OPERATION } from './operations.js';
export { addMcpCommand } from './cli-command.js';
export { SpendingLimit } from './spending-limit.js';
export { queryText, type PublicReads } from './exchange-reads.js';
