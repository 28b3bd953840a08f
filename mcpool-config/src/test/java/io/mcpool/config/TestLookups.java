package io.mcpool.config;

import java.util.Map;

/** Lookups over an application's file and environment variables. */
final class TestLookups {

    private TestLookups() {
    }

    static PropertyLookup of(Map<String, String> file) {
        return of(file, Map.of());
    }

    static PropertyLookup of(Map<String, String> file, Map<String, String> env) {
        return PropertyLookup.of(file, env);
    }
}
