package io.mcpool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.Transport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueConverterTest {

    private static BuilderProperty property(String kebab) {
        return BuilderProperty.all().get(kebab);
    }

    @Test
    void durationsInIso8601OrWithAUnit() throws Exception {
        assertEquals(Duration.ofMinutes(5), ValueConverter.duration("PT5M"));
        assertEquals(Duration.ofMinutes(5), ValueConverter.duration("pt5m"));
        assertEquals(Duration.ofDays(1), ValueConverter.duration("P1D"));
        assertEquals(Duration.ofMillis(500), ValueConverter.duration("500ms"));
        assertEquals(Duration.ofSeconds(30), ValueConverter.duration("30s"));
        assertEquals(Duration.ofSeconds(30), ValueConverter.duration(" 30 S "));
        assertEquals(Duration.ofMinutes(5), ValueConverter.duration("5m"));
        assertEquals(Duration.ofHours(1), ValueConverter.duration("1h"));
        assertEquals(Duration.ofDays(2), ValueConverter.duration("2d"));
        assertEquals(Duration.ZERO, ValueConverter.duration("0"));
    }

    @Test
    void aDurationWithoutUnitOrInAnotherFormIsRefusedWithTheAcceptedForms() {
        for (String bad : List.of("30", "soon", "5 minutes", "PT", "1.5s", "-5s", "")) {
            ValueConverter.ConversionException e = assertThrows(ValueConverter.ConversionException.class,
                    () -> ValueConverter.duration(bad), bad);
            assertTrue(e.getMessage().contains("PT30S") && e.getMessage().contains("500ms"), e.getMessage());
        }
    }

    @Test
    void enumsIgnoreCaseAndAcceptKebabCase() throws Exception {
        assertEquals(Transport.STREAMABLE_HTTP, ValueConverter.convert(property("transport"), "streamable-http"));
        assertEquals(Transport.STREAMABLE_HTTP, ValueConverter.convert(property("transport"), "STREAMABLE_HTTP"));
        assertEquals(Transport.SSE, ValueConverter.convert(property("transport"), " sse "));
        ValueConverter.ConversionException e = assertThrows(ValueConverter.ConversionException.class,
                () -> ValueConverter.convert(property("transport"), "http"));
        assertEquals("must be one of stdio, sse, streamable-http", e.getMessage());
    }

    @Test
    void numbersAndBooleansAreStrict() throws Exception {
        assertEquals(20, ValueConverter.convert(property("max-sessions"), " 20 "));
        assertEquals("must be a whole number", assertThrows(ValueConverter.ConversionException.class,
                () -> ValueConverter.convert(property("max-sessions"), "twenty")).getMessage());
        assertEquals("must be a whole number", assertThrows(ValueConverter.ConversionException.class,
                () -> ValueConverter.convert(property("max-sessions"), "2.5")).getMessage());
    }

    @Test
    void listsSplitOnCommasAsMicroProfileConfigDoes() {
        assertEquals(List.of("-y", "@modelcontextprotocol/server-everything"),
                ValueConverter.list("-y, @modelcontextprotocol/server-everything"));
        assertEquals(List.of("a,b", "c"), ValueConverter.list("a\\,b,c"));
        assertEquals(List.of(), ValueConverter.list(" , "));
    }

    @Test
    void booleansAsMicroProfileConfigUsersWriteThemInAnyCase() throws Exception {
        for (String yes : new String[] {"true", "TRUE", "True", "yes", "YES", "on", "On", "1", " true "}) {
            assertEquals(Boolean.TRUE, ValueConverter.convert(property("graceful-degradation"), yes), yes);
        }
        for (String no : new String[] {"false", "FALSE", "no", "No", "off", "OFF", "0", " 0 "}) {
            assertEquals(Boolean.FALSE, ValueConverter.convert(property("graceful-degradation"), no), no);
        }
    }

    @Test
    void anyOtherBooleanIsRefusedNotReadAsFalse() {
        for (String bad : new String[] {"maybe", "t", "y", "2", "", "enabled", "truee"}) {
            ValueConverter.ConversionException e = assertThrows(ValueConverter.ConversionException.class,
                    () -> ValueConverter.convert(property("graceful-degradation"), bad), bad);
            assertEquals("must be true or false (also accepted: yes/no, on/off, 1/0, in any case)", e.getMessage());
        }
    }
}
