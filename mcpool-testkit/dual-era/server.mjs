// The dual-era MCP server of the mcpool testkit (DualEraServer): the TypeScript SDK v2's createMcpHandler serves
// clients of the stateless revision 2026-07-28 and, statelessly, 2025-era clients (initialize) on one endpoint.
// Its tools answer like the testkit's Java servers: echo, whoami (the request's HTTP headers), add, until-cancelled; with
// --client-features also elicit, sample and roots, which ask the client through input rounds (2026-07-28) and answer
// like the Java servers' tools of those names.
// Usage: node server.mjs [port] [--client-features]   (0 or none: a free port). Prints "LISTENING <port>" once it serves, then one
// "REQUEST <json>" line per JSON-RPC request: {method, tool, headers}. Binds 127.0.0.1 only.
// Or: node server.mjs --stdio [--requests-file PATH] [--tool-latency-ms N]: serveStdio on this process's stdin and
// stdout (the opening exchange picks the era: server/discover the stateless one, initialize 2025-11-25), appending to
// PATH one JSON line as it starts {pid, started}, per request {pid, method, tool, meta} and per tool run
// {pid, running, concurrent} (the format of
// the testkit's RequestsFile). Ends when stdin closes.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { PassThrough } from 'node:stream';
import { createMcpHandler, fromJsonSchema, inputRequired, inputResponse, McpServer } from '@modelcontextprotocol/server';
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { toNodeHandler } from '@modelcontextprotocol/node';

const stdio = process.argv.includes('--stdio');
const requestsFile = option('--requests-file');
const toolLatencyMs = Number(option('--tool-latency-ms') ?? 0);
let running = 0;

function option(name) {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

function record(line) {
    if (requestsFile) {
        appendFileSync(requestsFile, JSON.stringify({ pid: process.pid, ...line }) + '\n');
    }
}

const RESOURCE_URI = 'test://static/greeting';
const CLIENT_FEATURES = process.argv.includes('--client-features');
const FORM_SCHEMA = { type: 'object', properties: { name: { type: 'string' }, color: { type: 'string', default: 'blue' },
    size: { type: 'integer', default: 3 } }, required: ['name'] };

const text = value => ({ content: [{ type: 'text', text: value }] });
// As Java prints a sorted map: {a=1, b=2}
const sorted = content => '{' + Object.keys(content ?? {}).sort().map(k => k + '=' + content[k]).join(', ') + '}';

function clientFeatureTools(mcp) {
    const object = properties => fromJsonSchema({ type: 'object', properties });
    mcp.registerTool('elicit', { description: 'Asks the client to elicit (mode form or url)',
        inputSchema: object({ message: { type: 'string' }, mode: { type: 'string' } }) }, async (args, ctx) => {
        const answer = inputResponse(ctx.mcpReq.inputResponses, 'elicit');
        if (answer.kind !== 'elicit') {
            const message = args.message ?? 'who are you?';
            return inputRequired({ inputRequests: { elicit: args.mode === 'url'
                ? inputRequired.elicitUrl({ message, url: 'https://example.org/consent' })
                : inputRequired.elicit({ message, requestedSchema: FORM_SCHEMA }) } });
        }
        return text('action=' + answer.action + ' content=' + sorted(answer.content));
    });
    mcp.registerTool('sample', { description: 'Asks the client to sample a message for the prompt',
        inputSchema: object({ prompt: { type: 'string' } }) }, async (args, ctx) => {
        const answer = inputResponse(ctx.mcpReq.inputResponses, 'sample');
        if (answer.kind !== 'sampling') {
            return inputRequired({ inputRequests: { sample: inputRequired.createMessage({ maxTokens: 100,
                messages: [{ role: 'user', content: { type: 'text', text: args.prompt ?? '' } }] }) } });
        }
        const content = answer.result.content;
        return text('model=' + answer.result.model + ' text=' + (content?.type === 'text' ? content.text : JSON.stringify(content)));
    });
    mcp.registerTool('roots', { description: 'Asks the client for its roots', inputSchema: object({}) }, async (args, ctx) => {
        const answer = inputResponse(ctx.mcpReq.inputResponses, 'roots');
        if (answer.kind !== 'roots') {
            return inputRequired({ inputRequests: { roots: inputRequired.listRoots() } });
        }
        return text('roots=' + answer.roots.map(root => root.uri).join(','));
    });
}

function server(ctx) {
    const mcp = new McpServer({ name: 'mcpool-testkit-dual-era', version: '1.0.0' },
        { capabilities: { tools: {}, resources: {}, prompts: {} } });
    mcp.registerTool('echo', {
        description: 'Echoes the message back',
        inputSchema: fromJsonSchema({ type: 'object', properties: { message: { type: 'string' } }, required: ['message'] })
    }, async ({ message }) => {
        running++;
        record({ running: 'echo', concurrent: running });
        try {
            if (toolLatencyMs > 0) {
                await new Promise(resolve => setTimeout(resolve, toolLatencyMs));
            }
            return { content: [{ type: 'text', text: String(message) }] };
        } finally {
            running--;
        }
    });
    mcp.registerTool('whoami', {
        description: 'Returns the HTTP request headers the server saw, one name=value line each',
        inputSchema: fromJsonSchema({ type: 'object', properties: {} })
    }, async () => {
        const lines = [];
        ctx.requestInfo?.headers.forEach((value, name) => lines.push(name + '=' + value));
        return { content: [{ type: 'text', text: lines.join('\n') }] };
    });
    mcp.registerTool('add', {
        description: 'Adds two numbers',
        inputSchema: fromJsonSchema({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } },
            required: ['a', 'b'] }),
        annotations: { readOnlyHint: true, idempotentHint: true }
    }, async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));
    // Runs until its call is cancelled (2026-07-28 over HTTP: the client closes the request's stream, which aborts
    // the request's signal) or millis pass; prints "CANCELLED <json>" with its tag when cancelled.
    mcp.registerTool('until-cancelled', {
        description: 'Runs until its call is cancelled (at most millis ms, default 30000); tag names the call.',
        inputSchema: fromJsonSchema({ type: 'object', properties: { tag: { type: 'string' }, millis: { type: 'integer' } },
            required: ['tag'] })
    }, async ({ tag, millis }, extra) => new Promise(resolve => {
        const signal = extra?.mcpReq?.signal ?? extra?.signal;
        const timer = setTimeout(() => resolve({ content: [{ type: 'text', text: 'not cancelled' }] }), millis ?? 30000);
        const cancelled = () => {
            clearTimeout(timer);
            process.stdout.write('CANCELLED ' + JSON.stringify({ tag }) + '\n');
            resolve({ content: [{ type: 'text', text: 'cancelled' }] });
        };
        if (signal?.aborted) {
            cancelled();
        } else {
            signal?.addEventListener('abort', cancelled, { once: true });
        }
    }));
    mcp.registerResource('greeting', RESOURCE_URI, { mimeType: 'text/plain', description: 'A static greeting' },
        async () => ({ contents: [{ uri: RESOURCE_URI, mimeType: 'text/plain', text: 'Hello from the dual-era server' }] }));
    mcp.registerPrompt('greet', { description: 'Greets someone' },
        async () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }] }));
    if (CLIENT_FEATURES) {
        clientFeatureTools(mcp);
    }
    return mcp;
}

if (stdio) {
    // serveStdio over this process's stdin, each line seen on its way in (a request is recorded before it is served).
    const input = new PassThrough();
    let pending = '';
    process.stdin.on('data', chunk => {
        pending += chunk.toString('utf8');
        let end;
        while ((end = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, end);
            pending = pending.slice(end + 1);
            try {
                const message = JSON.parse(line);
                if (message && typeof message.method === 'string' && message.id !== undefined) {
                    record({ method: message.method,
                        tool: message.method === 'tools/call' ? message.params?.name ?? null : null,
                        meta: message.params?._meta ?? {} });
                }
            } catch (e) {
                // not JSON: the transport answers it
            }
        }
        input.write(chunk);
    });
    process.stdin.on('end', () => input.end());
    record({ started: true });
    serveStdio(server, { transport: new StdioServerTransport(input, process.stdout) });
    for (const signal of ['SIGTERM', 'SIGINT']) {
        process.on(signal, () => process.exit(0));
    }
} else {
    const handler = toNodeHandler(createMcpHandler(server, { legacy: 'stateless', responseMode: 'json', keepAliveMs: 0 }));

    const http = createServer((req, res) => {
        const chunks = [];
        req.on('data', chunk => chunks.push(chunk));
        req.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            let parsed;
            if (body.length > 0) {
                try {
                    parsed = JSON.parse(body);
                    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
                        if (message && typeof message.method === 'string' && message.id !== undefined) {
                            process.stdout.write('REQUEST ' + JSON.stringify({ method: message.method,
                                tool: message.method === 'tools/call' ? message.params?.name ?? null : null,
                                headers: req.headers }) + '\n');
                        }
                    }
                } catch (e) {
                    parsed = undefined;
                }
            }
            Promise.resolve(handler(req, res, parsed)).catch(error => {
                process.stderr.write('handler failed: ' + (error?.stack ?? error) + '\n');
                if (!res.headersSent) {
                    res.writeHead(500).end();
                }
            });
        });
    });
    http.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
        process.stdout.write('LISTENING ' + http.address().port + '\n');
    });
    for (const signal of ['SIGTERM', 'SIGINT']) {
        process.on(signal, () => http.close(() => process.exit(0)));
    }
}
