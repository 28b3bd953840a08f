import java.util.Arrays;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX client with nothing but the JDK on its class path, as JConsole is: run by RemoteJmxTest with
 * the source launcher. Reads every attribute of an mcpool MBean and invokes its snapshots; any mcpool
 * class in what comes back would fail here with a ClassNotFoundException.
 *
 * Arguments: service URL, user, password, pool ObjectName.
 */
public class BareJmxClient {
    public static void main(String[] args) throws Exception {
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(args[0]),
                Map.of(JMXConnector.CREDENTIALS, new String[] {args[1], args[2]}))) {
            MBeanServerConnection server = c.getMBeanServerConnection();
            ObjectName name = new ObjectName(args[3]);
            int attributes = 0;
            for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                System.out.println(a.getName() + " = " + server.getAttribute(name, a.getName()));
                attributes++;
            }
            CompositeData[] rows = (CompositeData[]) server.invoke(name, "debugSnapshot", null, null);
            CompositeData metrics = (CompositeData) server.invoke(name, "metricsSnapshot", null, null);
            System.out.println("rows = " + Arrays.toString(rows));
            System.out.println("metrics = " + metrics);
            System.out.println("BARE-CLIENT-OK attributes=" + attributes + " sessions=" + rows.length
                    + " mcpoolOnClassPath=" + isPresent("io.mcpool.jmx.McpPoolMXBean"));
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
