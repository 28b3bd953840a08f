package io.mcpool.jmx;

import java.util.Arrays;
import java.util.Comparator;
import javax.management.Descriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanFeatureInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;

/**
 * An MXBean whose MBeanInfo carries the {@link Description} and {@link ParameterName} texts of its
 * interface as the descriptions and parameter names JMX clients show (the plain MXBean introspector
 * only puts them in descriptors, and names parameters {@code p0, p1}).
 *
 * <p>Operations that return nothing change the pool ({@link MBeanOperationInfo#ACTION}); those that
 * return something only read it ({@link MBeanOperationInfo#INFO}). Attributes and operations are
 * listed alphabetically, as JConsole's attribute table shows them, so its tree reads the same way.
 * The class name shown is the public MXBean interface, not the implementation.
 */
final class DescribedMXBean extends StandardMBean {

    <T> DescribedMXBean(T implementation, Class<T> mxbeanInterface) {
        super(implementation, mxbeanInterface, true);
    }

    @Override
    protected String getClassName(MBeanInfo info) {
        return getMBeanInterface().getName();
    }

    @Override
    protected void cacheMBeanInfo(MBeanInfo info) {
        super.cacheMBeanInfo(info == null ? null : new MBeanInfo(info.getClassName(), info.getDescription(),
                sorted(info.getAttributes()), info.getConstructors(), sorted(info.getOperations()),
                info.getNotifications(), info.getDescriptor()));
    }

    private static <F extends MBeanFeatureInfo> F[] sorted(F[] features) {
        F[] copy = features.clone();
        Arrays.sort(copy, Comparator.comparing(MBeanFeatureInfo::getName));
        return copy;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return text(info.getDescriptor(), Description.FIELD, super.getDescription(info));
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return text(info.getDescriptor(), Description.FIELD, super.getDescription(info));
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return text(info.getDescriptor(), Description.FIELD, super.getDescription(info));
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return text(param.getDescriptor(), ParameterName.FIELD, super.getParameterName(op, param, sequence));
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return text(param.getDescriptor(), Description.FIELD, super.getDescription(op, param, sequence));
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        return "void".equals(info.getReturnType()) ? MBeanOperationInfo.ACTION : MBeanOperationInfo.INFO;
    }

    private static String text(Descriptor descriptor, String field, String fallback) {
        Object value = descriptor == null ? null : descriptor.getFieldValue(field);
        return value instanceof String s && !s.isBlank() ? s : fallback;
    }
}
