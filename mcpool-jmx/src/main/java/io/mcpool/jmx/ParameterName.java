package io.mcpool.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.management.DescriptorKey;

/**
 * The name a JMX client shows for an MXBean operation parameter. Without it, the MXBean
 * introspector names parameters {@code p0}, {@code p1}, ..., which tells an operator nothing.
 *
 * <p>Copied into the parameter's {@link javax.management.Descriptor} under the field {@value #FIELD}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ParameterName {

    /** The descriptor field that carries the name. */
    String FIELD = "parameterName";

    /** @return the parameter's name as the operator should see it */
    @DescriptorKey(FIELD)
    String value();
}
