/**
 * Tool results in the MCP shape (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-result):
 * `structuredContent` matching the tool's output schema plus a short text for clients
 * that show text. A refused or failed call is an `isError` result with the reason, never
 * a crash of the server.
 */
import { ToolError } from '../session.js';
import { UsageError } from '../../core/errors.js';

/** Run `work` and wrap its answer, or its error, as a tool result. */
export async function toolResult<T extends Record<string, unknown>>(work: () => Promise<{ structured: T; text: string }>) {
  try {
    const { structured, text } = await work();
    return { content: [{ type: 'text' as const, text }], structuredContent: structured };
  } catch (error) {
    const known = error instanceof ToolError || error instanceof UsageError;
    const message = known ? error.message : `internal error: ${(error as Error).message}`;
    return { content: [{ type: 'text' as const, text: message }], isError: true };
  }
}
