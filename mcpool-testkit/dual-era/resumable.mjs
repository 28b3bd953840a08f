// A session-based (2025-11-25) MCP server of the mcpool testkit (DualEraServer.startResumable) whose response streams
// can be cut and resumed: the TypeScript SDK v2's streamable HTTP transport with an event store and a retry interval,
// one transport per session. Tools: echo; cut_echo (the server ends the call's SSE stream at once with the SDK's
// closeSSE, after its priming event with id and retry; the answer follows some milliseconds later and is delivered to
// the client that resumes with GET and Last-Event-ID); cut_without_id (the stream ends before the answer with no event
// id, written directly in front of the SDK: nothing to resume from); end_listening (tools/list_changed on the
// session's GET listening stream, then that stream ends: SSE polling); add_tool (registers a tool named by its message,
// which sends tools/list_changed on the listening stream, or keeps it in the event store while that stream is down).
// Usage: node resumable.mjs <port> <retryMs>. Prints "LISTENING <port>", then one line per event:
// "HTTP {method, headers, at}" for every HTTP request, "CUT {at}" when a stream is cut, "REQUEST {...}" per JSON-RPC
// request, where at is the server's monotonic clock in milliseconds. Binds 127.0.0.1 only.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fromJsonSchema, McpServer } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

const retryMs = Number(process.argv[3] ?? 300);
const answerDelayMs = 50;
const print = (kind, value) => process.stdout.write(kind + ' ' + JSON.stringify(value) + '\n');
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// The SDK asks for an event store to resume from; this one keeps every event of the process in memory.
class MemoryEventStore {
    events = new Map();
    async storeEvent(streamId, message) {
        const eventId = streamId + '_' + (this.events.size + 1);
        this.events.set(eventId, { streamId, message });
        return eventId;
    }
    async getStreamIdForEventId(eventId) {
        return this.events.get(eventId)?.streamId;
    }
    async replayEventsAfter(lastEventId, { send }) {
        const streamId = this.events.get(lastEventId)?.streamId;
        if (streamId === undefined) {
            return '';
        }
        let after = false;
        for (const [eventId, { streamId: of, message }] of this.events) {
            if (after && of === streamId && message.jsonrpc !== undefined) { // priming events carry no message
                await send(eventId, message);
            }
            after ||= eventId === lastEventId;
        }
        return streamId;
    }
}

function server() {
    const mcp = new McpServer({ name: 'mcpool-testkit-resumable', version: '1.0.0' }, { capabilities: { tools: {} } });
    const message = fromJsonSchema({ type: 'object', properties: { message: { type: 'string' } }, required: ['message'] });
    mcp.registerTool('echo', { description: 'Echoes the message back', inputSchema: message },
        async ({ message }) => ({ content: [{ type: 'text', text: String(message) }] }));
    mcp.registerTool('cut_echo', {
        description: 'Ends the call\'s SSE stream at once (the client must resume it), then echoes the message',
        inputSchema: message
    }, async ({ message }, ctx) => {
        if (ctx.http?.closeSSE === undefined) {
            throw new Error('this request\'s stream cannot be closed (no event store or protocol < 2025-11-25)');
        }
        ctx.http.closeSSE();
        print('CUT', { at: performance.now() });
        await sleep(answerDelayMs);
        return { content: [{ type: 'text', text: String(message) }] };
    });
    mcp.registerTool('end_listening', {
        description: 'Sends tools/list_changed on the session\'s GET listening stream (an event with an id), then ends '
            + 'that stream, as a server polling with SSE does',
        inputSchema: message
    }, async (args, ctx) => {
        if (ctx.http?.closeStandaloneSSE === undefined) {
            throw new Error('the listening stream cannot be closed (no event store or protocol < 2025-11-25)');
        }
        await mcp.sendToolListChanged();
        ctx.http.closeStandaloneSSE();
        print('CUT', { at: performance.now() });
        return { content: [{ type: 'text', text: 'ended' }] };
    });
    mcp.registerTool('add_tool', {
        description: 'Offers one more tool, named by the message (tools/list_changed on the listening stream, kept in '
            + 'the event store for a client that resumes it)',
        inputSchema: message
    }, async ({ message: name }) => {
        mcp.registerTool(String(name), { description: 'Added by add_tool', inputSchema: message },
            async () => ({ content: [{ type: 'text', text: String(name) }] }));
        return { content: [{ type: 'text', text: 'added ' + name }] };
    });
    mcp.registerTool('cut_without_id', { description: 'Its stream ends before the answer, without an event id',
        inputSchema: message }, async ({ message }) => ({ content: [{ type: 'text', text: String(message) }] }));
    return mcp;
}

const transports = new Map();
const eventStore = new MemoryEventStore();

async function handle(req, res, body) {
    const sessionId = req.headers['mcp-session-id'];
    if (body?.method === 'tools/call' && body.params?.name === 'cut_without_id') {
        // In front of the SDK: an SSE answer that ends with neither the response nor an event id.
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        res.end(': the server goes away\n\n');
        print('CUT', { at: performance.now() });
        return;
    }
    let transport = sessionId === undefined ? undefined : transports.get(sessionId);
    if (transport === undefined) {
        if (sessionId !== undefined || body?.method !== 'initialize') {
            res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0',
                error: { code: -32001, message: 'Session not found' }, id: null }));
            return;
        }
        transport = new NodeStreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            eventStore,
            retryInterval: retryMs,
            onsessioninitialized: id => transports.set(id, transport)
        });
        transport.onclose = () => transports.delete(transport.sessionId);
        await server().connect(transport);
    }
    await transport.handleRequest(req, res, body);
}

const http = createServer((req, res) => {
    print('HTTP', { method: req.method, headers: req.headers, at: performance.now() });
    const chunks = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body;
        try {
            body = text.length > 0 ? JSON.parse(text) : undefined;
        } catch (e) {
            body = undefined;
        }
        if (body && typeof body.method === 'string' && body.id !== undefined) {
            print('REQUEST', { method: body.method, tool: body.method === 'tools/call' ? body.params?.name ?? null : null,
                headers: req.headers });
        }
        handle(req, res, body).catch(error => {
            process.stderr.write('handler failed: ' + (error?.stack ?? error) + '\n');
            if (!res.headersSent) {
                res.writeHead(500).end();
            }
        });
    });
});
http.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => print('LISTENING', http.address().port));
for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => http.close(() => process.exit(0)));
}
