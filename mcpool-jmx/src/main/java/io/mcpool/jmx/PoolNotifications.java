package io.mcpool.jmx;

import io.mcpool.CircuitState;
import io.mcpool.event.PoolEvent;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

/**
 * The JMX notifications of one pool's MBean: the circuit breaker opening and closing, and a server
 * restart noticed. Each carries the pool's ObjectName as its source, a sequence number, the time of the
 * event and a one-line message; no user data, and nothing secret (the restart's cause is not included).
 */
final class PoolNotifications extends NotificationBroadcasterSupport {

    private static final MBeanNotificationInfo[] INFO = {
        new MBeanNotificationInfo(new String[] {McpPoolJmx.CIRCUIT_OPENED, McpPoolJmx.CIRCUIT_CLOSED},
                Notification.class.getName(), "The circuit breaker guarding session creation opened (creations fail "
                        + "fast until its probe succeeds) or closed again."),
        new MBeanNotificationInfo(new String[] {McpPoolJmx.SERVER_RESTARTED}, Notification.class.getName(),
                "A restart of the MCP server was noticed: the sessions of the old server are being retired."),
    };

    private final ObjectName source;
    private final AtomicLong sequence = new AtomicLong();

    PoolNotifications(ObjectName source) {
        super(INFO);
        this.source = source;
    }

    /** Sends the notification this event calls for, if any. */
    void onEvent(PoolEvent event) {
        if (event instanceof PoolEvent.CircuitStateChanged c) {
            if (c.to() == CircuitState.OPEN) {
                send(McpPoolJmx.CIRCUIT_OPENED, event, "Pool '" + event.poolName() + "': the circuit breaker opened ("
                        + c.from() + " -> OPEN); session creations fail fast until its probe succeeds");
            } else if (c.to() == CircuitState.CLOSED) {
                send(McpPoolJmx.CIRCUIT_CLOSED, event, "Pool '" + event.poolName() + "': the circuit breaker closed ("
                        + c.from() + " -> CLOSED)");
            }
        } else if (event instanceof PoolEvent.ServerRestartDetected r) {
            send(McpPoolJmx.SERVER_RESTARTED, event, "Pool '" + event.poolName() + "': the MCP server restarted; "
                    + "sessions of the old server are retired (generation " + r.newGeneration() + ")");
        }
    }

    private void send(String type, PoolEvent event, String message) {
        sendNotification(new Notification(type, source, sequence.incrementAndGet(), event.timestamp().toEpochMilli(),
                message));
    }
}
