package io.mcpool.jmx;

import io.mcpool.PoolMetrics;
import io.mcpool.metrics.PoolMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.ImmutableDescriptor;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanFeatureInfo;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanRegistration;
import javax.management.MBeanServer;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.openmbean.CompositeType;

/**
 * An MBean made of an MXBean interface (settings, operations) and the metrics table: every metric a
 * {@link PoolMetrics} snapshot holds is a read-only attribute ({@link MetricAttributes}), and all of
 * them together are one composite, the pool's {@code metricsSnapshot()} operation or the manager's
 * {@code AggregatedMetrics} attribute. A metric whose attribute the interface already has (a
 * writable setting such as {@code MaxSessions}) is served by the interface.
 *
 * <p>A bulk read (JConsole's attribute table) takes one snapshot for all the metrics it asks for.
 * Features are listed alphabetically, as {@link DescribedMXBean} does.
 */
final class MetricsMBean implements DynamicMBean, MBeanRegistration, NotificationEmitter {

    /** Where the table's metrics come from and how they are described. */
    enum Scope {
        /** One pool: its own metrics, and a {@code metricsSnapshot()} operation. */
        POOL,
        /** A set of pools: the combined metrics, and an {@code AggregatedMetrics} attribute. */
        MANAGER
    }

    static final String SNAPSHOT_OPERATION = "metricsSnapshot";
    static final String AGGREGATE_ATTRIBUTE = "AggregatedMetrics";

    private final DescribedMXBean delegate;
    private final Supplier<PoolMetrics> metrics;
    private final Scope scope;
    private final Map<String, PoolMetric> metricAttributes = new HashMap<>();
    private final MBeanInfo info;
    private final PoolNotifications notifications;

    /**
     * @param delegate the MXBean of the interface part
     * @param metrics  reads the metrics the table's attributes show; each call is one snapshot
     * @param scope    a pool or a set of pools
     * @param notifications what this MBean emits, or null for none (a manager's)
     */
    MetricsMBean(DescribedMXBean delegate, Supplier<PoolMetrics> metrics, Scope scope,
            PoolNotifications notifications) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.scope = scope;
        this.notifications = notifications;
        this.info = buildInfo(delegate.getMBeanInfo());
    }

    private MBeanInfo buildInfo(MBeanInfo base) {
        Map<String, MBeanAttributeInfo> attributes = new HashMap<>();
        Arrays.stream(base.getAttributes()).forEach(a -> attributes.put(a.getName(), a));
        for (PoolMetric m : MetricAttributes.METRICS) {
            String name = MetricAttributes.attributeName(m);
            MBeanAttributeInfo setting = attributes.get(name);
            if (setting == null) {
                metricAttributes.put(name, m);
                attributes.put(name, MetricAttributes.attributeInfo(m, describe(m)));
            } else if (setting.getType().equals(MetricAttributes.typeName(m))) {
                // A setting of the interface that is also a metric: the interface serves it, the table describes it.
                attributes.put(name, new MBeanAttributeInfo(name, setting.getType(), setting.getDescription(),
                        setting.isReadable(), setting.isWritable(), setting.isIs(),
                        ImmutableDescriptor.union(setting.getDescriptor(), MetricAttributes.descriptor(m))));
            } else {
                throw new IllegalStateException(delegate.getMBeanInterface().getName() + "." + name + " is "
                        + setting.getType() + " but the metrics table makes it " + MetricAttributes.typeName(m));
            }
        }
        List<MBeanOperationInfo> operations = new ArrayList<>(List.of(base.getOperations()));
        CompositeType snapshot = MetricAttributes.snapshotCompositeType();
        ImmutableDescriptor composite = new ImmutableDescriptor(Map.of("openType", snapshot,
                "originalType", snapshot.getClassName()));
        if (scope == Scope.POOL) {
            operations.add(new MBeanOperationInfo(SNAPSHOT_OPERATION, "Every metric read at one moment: one item "
                    + "per metric attribute, named after the PoolMetrics component (times in the unit their name "
                    + "ends with).", new MBeanParameterInfo[0], snapshot.getClassName(), MBeanOperationInfo.INFO,
                    composite));
        } else {
            attributes.put(AGGREGATE_ATTRIBUTE, new MBeanAttributeInfo(AGGREGATE_ATTRIBUTE, snapshot.getClassName(), "Every metric over "
                    + "all pools read at one moment, each combined as its attribute says.", true, false, false,
                    composite));
        }
        return new MBeanInfo(base.getClassName(), base.getDescription(), sorted(List.copyOf(attributes.values()), MBeanAttributeInfo[]::new),
                base.getConstructors(), sorted(operations, MBeanOperationInfo[]::new), getNotificationInfo(),
                base.getDescriptor());
    }

    private String describe(PoolMetric m) {
        return scope == Scope.POOL ? m.description()
                : m.description() + " Over all pools: " + m.combination().description() + ".";
    }

    private static <F extends MBeanFeatureInfo> F[] sorted(List<F> features, IntFunction<F[]> array) {
        return features.stream().sorted(Comparator.comparing(MBeanFeatureInfo::getName)).toArray(array);
    }

    private PoolMetrics snapshot() {
        return JmxErrors.call("reading the metrics", metrics);
    }

    @Override
    public MBeanNotificationInfo[] getNotificationInfo() {
        return notifications == null ? new MBeanNotificationInfo[0] : notifications.getNotificationInfo();
    }

    @Override
    public void addNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback) {
        if (notifications != null) {
            notifications.addNotificationListener(listener, filter, handback);
        }
    }

    @Override
    public void removeNotificationListener(NotificationListener listener) throws ListenerNotFoundException {
        if (notifications == null) {
            throw new ListenerNotFoundException("this MBean emits no notifications");
        }
        notifications.removeNotificationListener(listener);
    }

    @Override
    public void removeNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback)
            throws ListenerNotFoundException {
        if (notifications == null) {
            throw new ListenerNotFoundException("this MBean emits no notifications");
        }
        notifications.removeNotificationListener(listener, filter, handback);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException, MBeanException,
            ReflectionException {
        Object value = metricValue(attribute, this::snapshot);
        return value != null ? value : delegate.getAttribute(attribute);
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        Supplier<PoolMetrics> once = new Supplier<>() {
            private PoolMetrics taken;

            @Override
            public PoolMetrics get() {
                if (taken == null) {
                    taken = snapshot();
                }
                return taken;
            }
        };
        for (String name : attributes) {
            try {
                Object value = metricValue(name, once);
                list.add(new Attribute(name, value != null ? value : delegate.getAttribute(name)));
            } catch (Exception e) {
                // As for any MBean: an attribute that cannot be read is left out of a bulk read.
            }
        }
        return list;
    }

    /**
     * @param snapshots gives the snapshot to read: a new one, or the one of a bulk read
     * @return the attribute's value when the table serves it, else null
     */
    private Object metricValue(String attribute, Supplier<PoolMetrics> snapshots) {
        PoolMetric metric = metricAttributes.get(attribute);
        if (metric == null && !isAggregate(attribute)) {
            return null;
        }
        PoolMetrics snapshot = snapshots.get();
        return metric != null ? MetricAttributes.value(metric, snapshot) : MetricAttributes.snapshot(snapshot);
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException, InvalidAttributeValueException,
            MBeanException, ReflectionException {
        if (metricAttributes.containsKey(attribute.getName()) || isAggregate(attribute.getName())) {
            throw new AttributeNotFoundException("Read-only attribute: " + attribute.getName());
        }
        delegate.setAttribute(attribute);
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        AttributeList writable = new AttributeList();
        for (Attribute a : attributes.asList()) {
            if (!metricAttributes.containsKey(a.getName()) && !isAggregate(a.getName())) {
                writable.add(a);
            }
        }
        return delegate.setAttributes(writable);
    }

    private boolean isAggregate(String attribute) {
        return scope == Scope.MANAGER && AGGREGATE_ATTRIBUTE.equals(attribute);
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws MBeanException,
            ReflectionException {
        if (scope == Scope.POOL && SNAPSHOT_OPERATION.equals(actionName) && (params == null || params.length == 0)) {
            return MetricAttributes.snapshot(snapshot());
        }
        return delegate.invoke(actionName, params, signature);
    }

    @Override
    public ObjectName preRegister(MBeanServer server, ObjectName name) throws Exception {
        return delegate.preRegister(server, name);
    }

    @Override
    public void postRegister(Boolean registrationDone) {
        delegate.postRegister(registrationDone);
    }

    @Override
    public void preDeregister() throws Exception {
        delegate.preDeregister();
    }

    @Override
    public void postDeregister() {
        delegate.postDeregister();
    }
}
