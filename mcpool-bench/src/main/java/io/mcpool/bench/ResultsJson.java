package io.mcpool.bench;

import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * {@code results.json} with Jackson (the Jackson 3 the MCP SDK already brings): maps, lists, strings,
 * numbers, booleans and nulls, indented by two spaces. Fractions keep four decimals; NaN and
 * infinities, which JSON has no word for, become {@code null}.
 */
final class ResultsJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("mcpool-bench").addSerializer(Double.class, new FourDecimals()))
            .build();
    private static final ObjectWriter WRITER = MAPPER.writer().with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private ResultsJson() {
    }

    /**
     * @param tree {@link Map}s with string keys, collections, strings, numbers, booleans and nulls
     * @return the JSON text, ending with a line break
     */
    static String write(Object tree) {
        return WRITER.writeValueAsString(tree) + "\n";
    }

    /**
     * @param text JSON text
     * @return the object it holds, or null for JSON {@code null}
     * @throws tools.jackson.core.JacksonException when it is not JSON or not an object
     */
    static Map<String, Object> readObject(String text) {
        return MAPPER.readValue(text, new TypeReference<Map<String, Object>>() {
        });
    }

    /** Whole numbers without a fraction, others rounded to four decimals; NaN and infinities as null. */
    private static final class FourDecimals extends StdSerializer<Double> {
        FourDecimals() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializationContext context) {
            double d = value;
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                gen.writeNull();
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                gen.writeNumber((long) d);
            } else {
                String fixed = String.format(Locale.ROOT, "%.4f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
                gen.writeNumber(fixed.equals("-0") ? "0" : fixed);
            }
        }
    }
}
