package io.mcpool.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.management.DescriptorKey;

/**
 * The text a JMX client (JConsole, VisualVM) shows for an MXBean, attribute (on its getter),
 * operation or operation parameter.
 *
 * <p>The MXBean introspector copies it into the feature's {@link javax.management.Descriptor} under
 * the field {@value #FIELD}; the registered MBean then reports it as the feature's description.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
public @interface Description {

    /** The descriptor field that carries the text. */
    String FIELD = "description";

    /** @return what the feature is, its unit and what changing or invoking it does */
    @DescriptorKey(FIELD)
    String value();
}
