package io.mcpool;

import java.util.regex.Pattern;

/** What a header must look like to be put on the wire: checked once, where it is configured. */
final class HeaderRules {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private HeaderRules() {
    }

    /** @return true for an RFC 9110 token, the only legal header name */
    static boolean isValidName(String name) {
        return name != null && TOKEN.matcher(name).matches();
    }

    /** @return true for a non-null value that cannot smuggle in another header */
    static boolean isValidValue(String value) {
        return value != null && value.indexOf('\r') < 0 && value.indexOf('\n') < 0;
    }
}
