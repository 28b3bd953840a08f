package io.mcpool.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A Node.js {@code --import} module that makes a server listening on a bare port listen on 127.0.0.1 only.
 * server-everything's HTTP transports call {@code app.listen(PORT)}, which would bind every interface, and
 * take no host setting.
 */
final class NodeLoopback {

    private static final String MODULE = String.join("\n",
            "import net from 'node:net';",
            "const listen = net.Server.prototype.listen;",
            "net.Server.prototype.listen = function (...args) {",
            "  const port = args[0];",
            "  const bare = typeof port === 'number' || (typeof port === 'string' && /^\\d+$/.test(port));",
            "  if (bare && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');",
            "  return listen.apply(this, args);",
            "};");

    private NodeLoopback() {
    }

    /** The module as a {@code data:} URL for {@code node --import}. */
    static String importUrl() {
        return "data:text/javascript," + URLEncoder.encode(MODULE, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
