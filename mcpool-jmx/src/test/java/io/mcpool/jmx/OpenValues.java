package io.mcpool.jmx;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/** Reads MBeans the way a JMX client without mcpool's classes does, and looks inside the values. */
final class OpenValues {

    private OpenValues() {
    }

    /** Every attribute, read one by one through the connection, by name. */
    static Map<String, Object> readAll(MBeanServerConnection server, ObjectName name) throws Exception {
        Map<String, Object> values = new TreeMap<>();
        for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
            values.put(a.getName(), server.getAttribute(name, a.getName()));
        }
        return values;
    }

    /** The bulk read JConsole does when it opens the Attributes node. */
    static Map<String, Object> readBulk(MBeanServerConnection server, ObjectName name) throws Exception {
        String[] names = java.util.Arrays.stream(server.getMBeanInfo(name).getAttributes())
                .map(MBeanAttributeInfo::getName).toArray(String[]::new);
        Map<String, Object> values = new TreeMap<>();
        for (Attribute a : server.getAttributes(name, names).asList()) {
            values.put(a.getName(), a.getValue());
        }
        return values;
    }

    /** Every leaf of an open value (composite items, table rows, array elements), depth first. */
    static List<Object> leaves(Object value) {
        List<Object> out = new ArrayList<>();
        collect(value, out);
        return out;
    }

    private static void collect(Object value, List<Object> out) {
        if (value instanceof CompositeData c) {
            for (String key : c.getCompositeType().keySet()) {
                out.add(key);
                collect(c.get(key), out);
            }
        } else if (value instanceof TabularData t) {
            for (Object row : t.values()) {
                collect(row, out);
            }
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                collect(Array.get(value, i), out);
            }
        } else {
            out.add(value);
        }
    }

    /** True when every class in the value is one a bare JDK (JConsole) has. */
    static boolean onlyJdkClasses(Object value) {
        if (value == null) {
            return true;
        }
        if (!isJdkClass(value.getClass())) {
            return false;
        }
        if (value instanceof CompositeData c) {
            return c.values().stream().allMatch(OpenValues::onlyJdkClasses);
        }
        if (value instanceof TabularData t) {
            return t.values().stream().allMatch(OpenValues::onlyJdkClasses);
        }
        if (value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                if (!onlyJdkClasses(Array.get(value, i))) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isJdkClass(Class<?> type) {
        Class<?> c = type;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c.isPrimitive() || c.getName().startsWith("java.") || c.getName().startsWith("javax.");
    }
}
