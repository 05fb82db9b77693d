/**
 * Every tool refuses an argument its schema does not name. The SDK builds a tool's input schema
 * from its shape as a plain zod object, which drops unknown keys: a misspelt optional argument
 * (`time_in_forc: "gtc"`) silently became its default (IOC). As a strict object the listed JSON
 * Schema says `additionalProperties: false` and a call naming another argument is answered with
 * the schema's own invalid-params error (-32602), like any other argument the schema refuses.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/** Makes every tool registered on `server` from now on refuse unknown arguments. */
export function refuseUnknownArguments(server: McpServer): void {
  // registerTool is generic over each tool's argument types, which the wrapper passes through
  // untouched: it is typed here by what it reads (the input schema) and cast back below.
  const register = server.registerTool.bind(server) as (name: string, config: ToolConfig, cb: unknown) => unknown;
  const strict = (name: string, config: ToolConfig, cb: unknown) => {
    const shape = config.inputSchema ?? {};
    // Every PATX tool gives a raw shape (field name → zod type); a ready schema is kept as it is.
    const schema = shape instanceof z.ZodType ? shape : z.object(shape as z.ZodRawShape).strict();
    return register(name, { ...config, inputSchema: schema }, cb);
  };
  server.registerTool = strict as unknown as McpServer['registerTool'];
}

interface ToolConfig {
  inputSchema?: unknown;
  [field: string]: unknown;
}
